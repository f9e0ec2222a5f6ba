#!/usr/bin/perl -w
# Runs ts-xtf-harness-run against the osstest stand-in (t/lib, with the
# real prototypes) and a stand-in CLI (t/bin/fake-xtf-harness) printing a
# fixed event stream, and checks which substeps it starts and finishes,
# in which order, and how the step ends.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use FindBin;
use POSIX qw(WNOHANG);

my $here = $FindBin::Bin;
my $step = "$here/../ts-xtf-harness-run";

sub slurp_lines ($) {
    my ($file) = @_;
    open my $fh, '<', $file or return ();
    return map { chomp; $_ } <$fh>;
}

# Runs the step; with on_start, calls it with the step's pid once the
# first substep has started, while the step is still running.
sub run_step {
    my (%o) = @_;
    my $dir = $o{dir} || tempdir(CLEANUP => 1);
    my $events = "$dir/events";
    open my $fh, '>', $events or die $!;
    print $fh map { "$_\n" } @{ $o{events} };
    close $fh or die $!;
    my %env = (
        OSSTEST_STANDIN_CONFIG_XtfHarness => "$here/bin/fake-xtf-harness",
        FAKE_XTF_HARNESS_ARGV => "$dir/argv",
        FAKE_XTF_HARNESS_EVENTS => $events,
        FAKE_XTF_HARNESS_EXIT => $o{exit} || 0,
        FAKE_XTF_HARNESS_SIGNALS => "$dir/signals",
        OSSTEST_STANDIN_CALLS => "$dir/calls",
        OSSTEST_STANDIN_STASH => $dir,
        OSSTEST_STANDIN_HOST_IP => '192.0.2.7',
        %{ $o{env} || {} },
    );
    local @ENV{keys %env} = values %env;
    delete local $ENV{OSSTEST_STANDIN_CONFIG_XtfHarness} unless defined $env{OSSTEST_STANDIN_CONFIG_XtfHarness};
    my $pid = fork // die $!;
    if (!$pid) {
        exec $^X, "-I$here/lib", $step, 'host' or die $!;
    }
    if ($o{on_start}) {
        for (my $i = 0; $i < 600; $i++) {
            last if grep { m/^substep_start\t/ } slurp_lines("$dir/calls");
            select(undef, undef, undef, 0.1);
        }
        $o{on_start}->($pid);
    }
    waitpid($pid, 0) == $pid or die $!;
    my $status = $?;
    my @calls = map { [ split /\t/ ] } slurp_lines("$dir/calls");
    unlink "$dir/calls"; # a rerun into the same stash records its own calls
    my $copy = -e "$dir/xtf-harness-events.log"
        ? do { local (@ARGV, $/) = "$dir/xtf-harness-events.log"; <> } : undef;
    return { status => $status, calls => \@calls, argv => [ slurp_lines("$dir/argv") ],
             signals => [ slurp_lines("$dir/signals") ], dir => $dir, copy => $copy };
}

sub substeps {
    my ($r) = @_;
    return [ map { join ' ', @$_ }
             grep { $_->[0] =~ m/^substep_/ } @{ $r->{calls} } ];
}

sub verdict_call {
    my ($r) = @_;
    my ($c) = grep { $_->[0] eq 'fail' || $_->[0] eq 'broken' } @{ $r->{calls} };
    return $c ? "$c->[0]: $c->[1]" : 'none';
}

sub still_running {
    my ($r) = @_;
    my %open;
    foreach my $c (@{ $r->{calls} }) {
        $open{$c->[1]} = 1 if $c->[0] eq 'substep_start';
        delete $open{$c->[1]} if $c->[0] eq 'substep_finish';
    }
    return [ sort keys %open ];
}

my $E = 'xtf-harness-event 1';

{
    my $r = run_step(env => { OSSTEST_RUNVAR_xtf_harness_selection => 'pv64 --all' },
                     exit => 3, events => [
        "$E run-start 2 1 local",
        "$E start xtf/test-pv64-example 1",
        "$E finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 guest reported SUCCESS",
        "$E start xtf/test-pv64-xsa-186 1",
        "$E finish xtf/test-pv64-xsa-186 pass SKIP GUEST_REPORTED 1 Not vulnerable",
        "$E run-end 3 complete",
    ]);
    is($r->{status}, 0, 'passes when every substep passed');
    is_deeply(substeps($r), [
        'substep_start xtf/test-pv64-example',
        'substep_finish xtf/test-pv64-example pass',
        'substep_start xtf/test-pv64-xsa-186',
        'substep_finish xtf/test-pv64-xsa-186 pass',
    ], 'each substep finishes when its instance finishes; SKIP is pass');
    is(verdict_call($r), 'none', 'neither fail nor broken');
    is_deeply($r->{argv}, [
        'run', 'pv64', '--all',
        '--host-target', 'ssh://root@192.0.2.7',
        '--ssh-option', 'StrictHostKeyChecking=no',
        '--ssh-option', 'BatchMode=yes',
        '--ssh-option', 'ConnectTimeout=100',
        '--ssh-option', 'ServerAliveInterval=100',
        '--ssh-option', 'PasswordAuthentication=no',
        '--ssh-option', 'ChallengeResponseAuthentication=no',
        '--ssh-option', 'UserKnownHostsFile=tmp/t.known_hosts_standin.test-amd64-amd64-xtf',
        '--xtf-dir', '/home/xtf',
        '--format', 'osstest-events',
        '--journal', "$r->{dir}/xtf-harness-journal.jsonl",
        '--junit', "$r->{dir}/xtf-harness-junit.xml",
    ], 'runs the CLI from osstest config with osstest\'s ssh options and XTF dir, as arguments');
    like($r->{copy}, qr/^\Q$E\E run-start 2 1 local\n/, 'keeps the raw events in the stash');
}

{
    my $r = run_step(exit => 6, events => [
        "$E run-start 3 1 local",
        "$E start xtf/test-pv64-example 1",
        "$E finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 ok",
        "$E start xtf/test-hvm64-lbr-tsx-vmentry 1",
        "$E finish xtf/test-hvm64-lbr-tsx-vmentry fail CRASH DOMAIN_CRASHED 1 guest panicked",
        "$E start xtf/test-hvm32-fpu~exn 1",
        "$E finish xtf/test-hvm32-fpu~exn broken ERROR INFRASTRUCTURE 1 xl create failed",
        "$E run-end 6 complete",
    ]);
    is($r->{status}, 0, 'one instance failing leaves the step pass');
    is_deeply(substeps($r), [
        'substep_start xtf/test-pv64-example',
        'substep_finish xtf/test-pv64-example pass',
        'substep_start xtf/test-hvm64-lbr-tsx-vmentry',
        'substep_finish xtf/test-hvm64-lbr-tsx-vmentry fail',
        'substep_start xtf/test-hvm32-fpu~exn',
        'substep_finish xtf/test-hvm32-fpu~exn broken',
    ], 'and that substep fail; a failure of the harness\'s machinery for one instance is its broken');
    is(verdict_call($r), 'none', 'the step is neither failed nor broken');
}

{
    my $r = run_step(env => { OSSTEST_RUNVAR_xtf_harness_jobs => 2,
                              OSSTEST_RUNVAR_xtf_harness_xtf_dir => '/opt/xtf' },
                     exit => 0, events => [
        "$E start xtf/test-pv64-a 1",
        "$E start xtf/test-pv64-b 1",
        "$E finish xtf/test-pv64-b pass SUCCESS GUEST_REPORTED 1 ok",
        "$E start xtf/test-pv64-c 1",
        "$E finish xtf/test-pv64-a pass SUCCESS GUEST_REPORTED 1 ok",
        "$E finish xtf/test-pv64-c pass SUCCESS GUEST_REPORTED 1 ok",
        "$E run-end 0 complete",
    ]);
    is_deeply(substeps($r), [
        'substep_start xtf/test-pv64-a',
        'substep_start xtf/test-pv64-b',
        'substep_finish xtf/test-pv64-b pass',
        'substep_start xtf/test-pv64-c',
        'substep_finish xtf/test-pv64-a pass',
        'substep_finish xtf/test-pv64-c pass',
    ], 'with -j, substeps start and finish as their instances do');
    my %args = @{ $r->{argv} }[ 1 .. $#{ $r->{argv} } ];
    is($args{'--xtf-dir'}, '/opt/xtf', 'a runvar overrides the XTF dir');
    is($args{'-j'}, 2, 'and sets the jobs');
}

{
    my $r = run_step(exit => 3, events => [
        "$E run-start 2 1 local",
        "$E finish xtf/test-pv32pae-example pass SKIP HOST_UNSUPPORTED 1 host cannot run pv32pae",
        "$E start xtf/test-pv64-example 1",
        "$E finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 ok",
        "$E run-end 3 complete",
    ]);
    is($r->{status}, 0, 'passes with an instance the host cannot run');
    is_deeply(substeps($r), [
        'substep_start xtf/test-pv64-example',
        'substep_finish xtf/test-pv64-example pass',
    ], 'which is left out, as xtf-runner --host does, not recorded as a pass');
}

{
    my $r = run_step(exit => 0, events => [
        "$E start xtf/test-pv64-example 1",
        "$E finish xtf/test-pv64-example fail ERROR INFRASTRUCTURE 1 console did not attach",
        "$E start xtf/test-pv64-example 2",
        "$E finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 2 ok",
        "$E run-end 0 complete",
    ]);
    is_deeply(substeps($r), [
        'substep_start xtf/test-pv64-example',
        'substep_finish xtf/test-pv64-example fail',
        'substep_start xtf/test-pv64-example',
        'substep_finish xtf/test-pv64-example pass',
    ], 'a retry after a finished attempt is a substep row of its own');
}

{
    my $r = run_step(exit => 0, events => [
        "$E start xtf/test-pv64-example 1",
        "$E finish xtf/test-pv64-example aborted - INTERRUPTED 1 stopped",
        "$E run-end 0 complete",
    ]);
    is_deeply(substeps($r), [
        'substep_start xtf/test-pv64-example',
        'substep_finish xtf/test-pv64-example fail',
    ], 'a status osstest\'s reports do not know (aborted) is recorded as fail');
}

{
    my $r = run_step(exit => 0, events => [
        "$E start xtf/test-pv64-example 1",
        "$E finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 ok",
        "$E start xtf/test-pv64-selftest 1",
    ]);
    isnt($r->{status}, 0, 'does not pass when the CLI ends without run-end');
    is_deeply(substeps($r), [
        'substep_start xtf/test-pv64-example',
        'substep_finish xtf/test-pv64-example pass',
        'substep_start xtf/test-pv64-selftest',
        'substep_finish xtf/test-pv64-selftest broken',
    ], 'an unfinished substep is finished as broken');
    like(verdict_call($r), qr/^broken: xtf-harness ended without run-end/, 'a dead CLI breaks the step');
}

{
    my $r = run_step(exit => 1, events => [
        "$E run-start 0 1 local",
        "$E notice - ssh to root\@192.0.2.7 failed",
        "$E run-end 1 complete",
    ]);
    like(verdict_call($r), qr/^broken: xtf-harness could not run XTF/, 'a harness that cannot run breaks the step');
}

{
    my $r = run_step(env => { OSSTEST_STANDIN_CONFIG_XtfHarness => undef }, events => []);
    like(verdict_call($r), qr/^broken: osstest config has no XtfHarness/,
         'no XtfHarness in the osstest config breaks the step with a clear error');
    is_deeply($r->{argv}, [], 'and runs nothing');
}

{
    my $r = run_step(exit => 0, events => [
        "$E start xtf/test-pv64-example 1",
        "$E finish xtf/test-pv64-example fail FAILURE GUEST_REPORTED 1 bad\\n$E finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 ok",
        "$E notice - xtf/test-pv64-example pass",
        "$E run-end 0 complete",
    ]);
    is_deeply(substeps($r), [
        'substep_start xtf/test-pv64-example',
        'substep_finish xtf/test-pv64-example fail',
    ], 'an escaped line break in a reason stays inside the reason');
}

{
    my $r = run_step(exit => 0, events => [
        "$E run-start 0 1 local",
        "$E run-end 0 complete",
    ]);
    like(verdict_call($r), qr/^fail: xtf-harness ran no XTF instance/, 'fails when no instance ran');
}

{
    my $r = run_step(exit => 0, events => [
        "$E start xtf/test-pv64-example 1",
        "xtf-harness-event 2 start xtf/test-pv64-other 1",
        "$E run-end 0 complete",
    ]);
    like(verdict_call($r), qr/^broken: reading xtf-harness events: .*version 2/,
         'an event stream version it does not know breaks the step');
    is_deeply(still_running($r), [], 'and leaves no substep running');
}

{
    my $r = run_step(exit => 0, events => [
        "some banner the CLI printed",
        "$E start xtf/test-pv64-example 1",
        "$E future-kind whatever",
        "$E finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 ok",
        "$E run-end 0 complete",
    ]);
    is($r->{status}, 0, 'ignores other lines and unknown event kinds');
}

{
    my $r = run_step(env => { OSSTEST_RUNVAR_xtf_harness_timeout => 1 }, exit => 1, events => [
        "$E start xtf/test-pv64-example 1",
        "$E finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 ok",
        "$E start xtf/test-pv64-hang 1",
        "#wait-for-term",
        "$E finish xtf/test-pv64-hang aborted - INTERRUPTED 1 interrupted",
        "$E run-end 1 interrupted",
    ]);
    is_deeply($r->{signals}, [ 'TERM' ], 'at its timeout the step stops the harness with SIGTERM');
    is_deeply(substeps($r), [
        'substep_start xtf/test-pv64-example',
        'substep_finish xtf/test-pv64-example pass',
        'substep_start xtf/test-pv64-hang',
        'substep_finish xtf/test-pv64-hang fail',
    ], 'reads what the harness reports after it, and closes the cut-short substep as fail');
    like(verdict_call($r), qr/^fail: xtf-harness stopped: no result after 1s/, 'and fails the step, as an osstest timeout does');
}

{
    my $r = run_step(exit => 143, events => [
        "$E start xtf/test-pv64-hang 1",
        "#wait-for-term",
    ], on_start => sub { kill 'TERM', $_[0] });
    is_deeply($r->{signals}, [ 'TERM' ], 'a step told to stop passes SIGTERM on to the harness');
    is_deeply(still_running($r), [], 'and leaves no substep running when the harness dies without a word');
    like(verdict_call($r), qr/^fail: xtf-harness stopped: this step got SIGTERM/, 'then fails');
}

{
    my $r = run_step(exit => 143, events => [
        "$E run-start 5 1 local",
        "$E start xtf/test-pv64-example 1",
        "$E finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 ok",
        "$E start xtf/test-pv64-selftest 1",
        "$E finish xtf/test-pv64-selftest aborted - INTERRUPTED 1 the run ended before this instance finished",
        "$E notice xtf/test-hvm64-example not run: the run ended before it started",
        "$E notice xtf/test-hvm32-example not run: the run ended before it started",
        "$E run-end 143 interrupted",
    ]);
    isnt($r->{status}, 0, 'a run interrupted from outside (SIGTERM to the harness, exit 143) does not pass the step');
    like(verdict_call($r), qr/^broken: xtf-harness was stopped from outside this step \(exit 143, signal 15, run-end interrupted\): 3 of 5 instances never reached/,
         'it is broken, saying so, with how many instances it never reached');
    is_deeply([ map { $_->[1] } grep { $_->[0] eq 'logm' && $_->[1] =~ m/never reached/ } @{ $r->{calls} } ],
              [ 'xtf/test-hvm64-example: never reached: the run ended before it started',
                'xtf/test-hvm32-example: never reached: the run ended before it started' ],
              'and names in the log each instance the harness said it never started');
    is_deeply(substeps($r), [
        'substep_start xtf/test-pv64-example',
        'substep_finish xtf/test-pv64-example pass',
        'substep_start xtf/test-pv64-selftest',
        'substep_finish xtf/test-pv64-selftest fail',
    ], 'the substeps it did reach keep their results');
}

{
    my $r = run_step(exit => 1, events => [
        "$E run-start 2 1 local",
        "$E start xtf/test-pv64-example 1",
        "$E finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 ok",
        "$E notice - stopping the run: the result could not be journalled",
        "$E notice xtf/test-pv64-selftest not run: the run ended before it started",
        "$E run-end 1 interrupted",
    ]);
    like(verdict_call($r), qr/^broken: xtf-harness was stopped from outside this step \(exit 1, run-end interrupted\): 1 of 2/,
         'a run the harness itself cut short (exit 1, interrupted) is broken too, never a pass');
}

{
    my $dir = tempdir(CLEANUP => 1);
    my @stream = (
        "$E run-start 1 1 local",
        "$E start xtf/test-pv64-example 1",
        "$E finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 ok",
        "$E run-end 0 complete",
    );
    my $first = run_step(dir => $dir, exit => 0, events => \@stream);
    my $second = run_step(dir => $dir, exit => 0, events => [ @stream[0 .. 2], "$E notice - second run", $stream[3] ]);
    is($first->{status}, 0, 'a first run into a stash passes');
    is($second->{status}, 0, 'and so does a rerun of the step into the same stash (osstest retrying the step)');
    my %args = @{ $second->{argv} }[ 1 .. $#{ $second->{argv} } ];
    is($args{'--journal'}, "$dir/xtf-harness-journal-2.jsonl", 'the rerun gets a journal of its own, numbered');
    is($args{'--junit'}, "$dir/xtf-harness-junit-2.xml", 'and a JUnit report of its own');
    unlike($first->{copy}, qr/second run/, 'the first run\'s events log is kept as it was');
    ok(-s "$dir/xtf-harness-events-2.log", 'the rerun\'s events are in a log of their own');
    like(join("\n", slurp_lines("$dir/xtf-harness-events-2.log")), qr/second run/,
         'holding the second run\'s events');
}

{
    my $dir = tempdir(CLEANUP => 1);
    mkdir "$dir/xtf-harness-events.log" or die $!;
    my $r = run_step(dir => $dir, env => { OSSTEST_RUNVAR_xtf_harness_timeout => 1 }, exit => 1, events => [
        "$E start xtf/test-pv64-hang 1",
        "#wait-for-term",
        "$E finish xtf/test-pv64-hang aborted - INTERRUPTED 1 interrupted",
        "$E run-end 143 interrupted",
    ]);
    is_deeply($r->{signals}, [ 'TERM' ],
              'a stash whose events log cannot be written: the step takes the next name, not a die that leaves the harness running');
    like(verdict_call($r), qr/^fail: xtf-harness stopped: no result after 1s/, 'and stops the harness at its timeout');
}

done_testing();
