#!/usr/bin/perl -w
# Runs ts-xtf-harness-run against the osstest stand-in (t/lib) and the REAL
# xtf-harness on its simulated host, with the simulated catalogue's --all
# selection, and checks one substep per instance with the status its
# verdict calls for, and how the step ends.
#
# Needs two environment variables (the Maven build's ScriptedExamplesTest
# sets both):
#   XTF_HARNESS_REAL          the real CLI, e.g. bin/xtf-harness
#   XTF_HARNESS_SIM_EXPECTED  a file of "instance VERDICT" lines: the
#                             verdict a correct run reaches for each
#                             instance of the selection on the simulated host
# t/bin/simulated-xtf-harness is the only stand-in between the step and the
# CLI: it swaps the step's --host-target for --simulate.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use FindBin;

my $real = $ENV{XTF_HARNESS_REAL};
my $expected_file = $ENV{XTF_HARNESS_SIM_EXPECTED};
plan skip_all => 'XTF_HARNESS_REAL (the real xtf-harness) and XTF_HARNESS_SIM_EXPECTED '
    . '(expected verdicts) are not set; ScriptedExamplesTest sets them'
    unless $real && $expected_file;

my $here = $FindBin::Bin;
my $step = "$here/../ts-xtf-harness-run";

my %expected;
my @left_out;
open my $x, '<', $expected_file or die "$expected_file: $!";
while (<$x>) {
    chomp;
    my ($instance, $verdict, $host_unsupported) = split ' ';
    if ($host_unsupported) {
        push @left_out, $instance;
    } else {
        $expected{$instance} = $verdict;
    }
}
close $x;
ok(scalar(keys %expected) > 0, 'the expected verdicts name some instances');

my %status_of = (SUCCESS => 'pass', SKIP => 'pass',
                 FAILURE => 'fail', ERROR => 'fail', CRASH => 'fail');

my $dir = tempdir(CLEANUP => 1);
{
    local $ENV{OSSTEST_STANDIN_CONFIG_XtfHarness} = "$here/bin/simulated-xtf-harness";
    local $ENV{OSSTEST_STANDIN_CALLS} = "$dir/calls";
    local $ENV{OSSTEST_STANDIN_STASH} = $dir;
    local $ENV{OSSTEST_STANDIN_HOST_IP} = '192.0.2.7';
    local $ENV{OSSTEST_RUNVAR_xtf_harness_selection} = '--all';
    local $ENV{OSSTEST_RUNVAR_xtf_harness_jobs} = '2';
    system($^X, "-I$here/lib", $step, 'host');
}
my $status = $?;

open my $c, '<', "$dir/calls" or die "$dir/calls: $!";
my @calls = map { chomp; [ split /\t/ ] } <$c>;
close $c;

my %started;
$started{$_->[1]}++ foreach grep { $_->[0] eq 'substep_start' } @calls;
my %finished;
push @{ $finished{$_->[1]} }, $_->[2] foreach grep { $_->[0] eq 'substep_finish' } @calls;

is_deeply([ sort keys %finished ], [ sort map { "xtf/$_" } keys %expected ],
          'a substep for each selected instance the host can run, and no other');
ok(@left_out > 0, 'the simulated host cannot run some of the selection (pv32pae): they are left out');
foreach my $instance (sort keys %expected) {
    my $substep = "xtf/$instance";
    is($started{$substep}, 1, "$substep started once");
    is_deeply($finished{$substep}, [ $status_of{$expected{$instance}} ],
              "$substep finished once, $status_of{$expected{$instance}} ($expected{$instance})");
}

my @verdict_calls = map { $_->[0] } grep { $_->[0] eq 'fail' || $_->[0] eq 'broken' } @calls;
ok(grep({ $status_of{$_} eq 'fail' } values %expected), 'some instances fail on the simulated host');
is($status, 0, 'the step passes: the harness ran, the failures are in their substeps');
is_deeply(\@verdict_calls, [], 'neither fail nor broken');
ok(-s "$dir/xtf-harness-junit.xml", 'the CLI wrote the JUnit report into the stash');
ok(-s "$dir/xtf-harness-journal.jsonl", 'and the journal');

# Something other than the step stops the harness (an operator, the
# host's OOM killer): SIGTERM to the real CLI itself while it runs.
sub step_in {
    my ($stash, %runvar) = @_;
    local $ENV{OSSTEST_STANDIN_CONFIG_XtfHarness} = "$here/bin/simulated-xtf-harness";
    local $ENV{OSSTEST_STANDIN_CALLS} = "$stash/calls";
    local $ENV{OSSTEST_STANDIN_STASH} = $stash;
    local $ENV{OSSTEST_STANDIN_HOST_IP} = '192.0.2.7';
    local $ENV{XTF_HARNESS_SIM_PID_FILE} = "$stash/cli.pid";
    local @ENV{map { "OSSTEST_RUNVAR_$_" } keys %runvar} = values %runvar;
    my $pid = fork // die $!;
    if (!$pid) {
        exec $^X, "-I$here/lib", $step, 'host' or die $!;
    }
    return $pid;
}

sub calls_in {
    my ($stash) = @_;
    open my $fh, '<', "$stash/calls" or return ();
    my @c = map { chomp; [ split /\t/ ] } <$fh>;
    unlink "$stash/calls";
    return @c;
}

{
    my $stash = tempdir(CLEANUP => 1);
    my $pid = step_in($stash, xtf_harness_selection => '--all', xtf_harness_jobs => 1);
    my $started = 0;
    for (my $i = 0; $i < 1200 && !$started; $i++) {
        select(undef, undef, undef, 0.05);
        open my $fh, '<', "$stash/calls" or next;
        $started = grep { m/^substep_start\t/ } <$fh>;
    }
    ok($started, 'the step started a substep of the real run');
    open my $p, '<', "$stash/cli.pid" or die "$stash/cli.pid: $!";
    chomp(my $cli = <$p>);
    ok(kill('TERM', $cli), "SIGTERM to the CLI (pid $cli) from outside the step");
    waitpid($pid, 0) == $pid or die $!;
    my $status = $?;
    my @calls = calls_in($stash);
    my ($verdict) = grep { $_->[0] eq 'fail' || $_->[0] eq 'broken' } @calls;
    isnt($status, 0, 'a run interrupted from outside does not pass the step');
    is($verdict && $verdict->[0], 'broken', 'it is broken');
    like($verdict && $verdict->[1], qr/stopped from outside this step \(exit 143, signal 15, run-end interrupted\): \d+ of \d+ instances never reached/,
         'saying so, with how many instances were never reached');
    my %finished = map { $_->[1] => 1 } grep { $_->[0] eq 'substep_finish' } @calls;
    cmp_ok(scalar(keys %finished), '<', scalar(keys %expected), 'the run was cut short: not every instance has a substep');
    ok(grep({ $_->[0] eq 'logm' && $_->[1] =~ m{^xtf/\S+: never reached} } @calls),
       'the log names the instances the CLI never started');
    ok(-s "$stash/xtf-harness-journal.jsonl", 'the journal of what did run is kept');
}

{
    my $stash = tempdir(CLEANUP => 1);
    my ($one) = sort keys %expected;
    my @status;
    foreach my $run (1, 2) {
        my $pid = step_in($stash, xtf_harness_selection => $one);
        waitpid($pid, 0) == $pid or die $!;
        push @status, $?;
        calls_in($stash);
    }
    is_deeply(\@status, [ 0, 0 ], "a rerun of the step into the same stash ($one) passes, as the first run did");
    foreach my $f (qw(xtf-harness-journal.jsonl xtf-harness-junit.xml xtf-harness-events.log
                      xtf-harness-journal-2.jsonl xtf-harness-junit-2.xml xtf-harness-events-2.log)) {
        ok(-s "$stash/$f", "$f is there: each run keeps its results");
    }
    foreach my $j ("$stash/xtf-harness-journal.jsonl", "$stash/xtf-harness-journal-2.jsonl") {
        open my $fh, '<', $j or die "$j: $!";
        ok(grep({ m/\Q$one\E/ } <$fh>), "$j holds ${one}'s result");
    }
}

done_testing();
