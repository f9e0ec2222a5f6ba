#!/usr/bin/perl -w
# Runs ts-xtf-harness-run against the osstest stand-in (t/lib) and a
# stand-in CLI (t/bin/fake-xtf-harness) printing a fixed event stream,
# and checks which substeps it starts and finishes and how it exits.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use FindBin;

my $here = $FindBin::Bin;
my $step = "$here/../ts-xtf-harness-run";

sub run_step {
    my (%o) = @_;
    my $dir = tempdir(CLEANUP => 1);
    my $events = "$dir/events";
    open my $fh, '>', $events or die $!;
    print $fh map { "$_\n" } @{ $o{events} };
    close $fh or die $!;
    local $ENV{XTF_HARNESS} = "$here/bin/fake-xtf-harness";
    local $ENV{FAKE_XTF_HARNESS_ARGV} = "$dir/argv";
    local $ENV{FAKE_XTF_HARNESS_EVENTS} = $events;
    local $ENV{FAKE_XTF_HARNESS_EXIT} = $o{exit} || 0;
    local $ENV{OSSTEST_STANDIN_CALLS} = "$dir/calls";
    local $ENV{OSSTEST_STANDIN_STASH} = $dir;
    local $ENV{OSSTEST_STANDIN_HOST_IP} = '192.0.2.7';
    local $ENV{OSSTEST_RUNVAR_xtf_harness_selection} = $o{selection}
        if defined $o{selection};
    system($^X, "-I$here/lib", $step, 'host');
    my $status = $?;
    my @calls;
    if (open my $c, '<', "$dir/calls") {
        @calls = map { chomp; [ split /\t/ ] } <$c>;
    }
    my @argv;
    if (open my $a, '<', "$dir/argv") {
        @argv = map { chomp; $_ } <$a>;
    }
    my $copy = -e "$dir/xtf-harness-events.log"
        ? do { local (@ARGV, $/) = "$dir/xtf-harness-events.log"; <> } : undef;
    return { status => $status, calls => \@calls, argv => \@argv,
             dir => $dir, copy => $copy };
}

sub substeps {
    my ($r) = @_;
    return [ map { join ' ', @$_ }
             grep { $_->[0] =~ m/^substep_/ } @{ $r->{calls} } ];
}

sub verdict_call {
    my ($r) = @_;
    my ($c) = grep { $_->[0] eq 'fail' || $_->[0] eq 'broken' } @{ $r->{calls} };
    return $c ? $c->[0] : 'none';
}

my $E = 'xtf-harness-event 1';

{
    my $r = run_step(selection => 'pv64 --all', exit => 3, events => [
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
        'substep_start xtf/test-pv64-xsa-186',
        'substep_finish xtf/test-pv64-example pass',
        'substep_finish xtf/test-pv64-xsa-186 pass',
    ], 'one substep per instance, finished with its status');
    is(verdict_call($r), 'none', 'neither fail nor broken');
    is_deeply($r->{argv}, [
        'run', 'pv64', '--all',
        '--host-target', 'ssh://root@192.0.2.7',
        '--format', 'osstest-events',
        '--journal', "$r->{dir}/xtf-harness-journal.jsonl",
        '--junit', "$r->{dir}/xtf-harness-junit.xml",
    ], 'runs the CLI with arguments, not a shell line');
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
    isnt($r->{status}, 0, 'fails when a substep failed');
    is_deeply(substeps($r), [
        'substep_start xtf/test-pv64-example',
        'substep_start xtf/test-hvm64-lbr-tsx-vmentry',
        'substep_start xtf/test-hvm32-fpu~exn',
        'substep_finish xtf/test-pv64-example pass',
        'substep_finish xtf/test-hvm64-lbr-tsx-vmentry fail',
        'substep_finish xtf/test-hvm32-fpu~exn broken',
    ], 'each substep keeps its own status');
    is(verdict_call($r), 'fail', 'a failure in Xen fails the step');
}

{
    my $r = run_step(exit => 4, events => [
        "$E start xtf/test-pv64-example 1",
        "$E finish xtf/test-pv64-example broken ERROR INFRASTRUCTURE 1 console did not attach",
        "$E run-end 4 complete",
    ]);
    isnt($r->{status}, 0, 'does not pass a broken substep');
    is(verdict_call($r), 'broken', 'only broken substeps make the job broken, not failed');
}

{
    my $r = run_step(exit => 0, events => [
        "$E start xtf/test-pv64-example 1",
        "$E finish xtf/test-pv64-example broken ERROR INFRASTRUCTURE 1 console did not attach",
        "$E start xtf/test-pv64-example 2",
        "$E finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 2 ok",
        "$E run-end 0 complete",
    ]);
    is($r->{status}, 0, 'a retry that passed passes');
    is_deeply(substeps($r), [
        'substep_start xtf/test-pv64-example',
        'substep_finish xtf/test-pv64-example pass',
    ], 'a retry is one substep, finished with its last result');
}

{
    my $r = run_step(exit => 0, events => [
        "$E start xtf/test-pv64-example 1",
        "$E finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 ok",
        "$E start xtf/test-pv64-selftest 1",
    ]);
    isnt($r->{status}, 0, 'fails when the CLI ends without run-end');
    is_deeply(substeps($r), [
        'substep_start xtf/test-pv64-example',
        'substep_start xtf/test-pv64-selftest',
        'substep_finish xtf/test-pv64-example pass',
        'substep_finish xtf/test-pv64-selftest broken',
    ], 'an unfinished substep is finished as broken');
    is(verdict_call($r), 'broken', 'a dead CLI makes the job broken');
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
    isnt($r->{status}, 0, 'the CLI exit code cannot turn a failed substep into a pass');
}

{
    my $r = run_step(exit => 5, events => [
        "$E start xtf/test-pv64-example 1",
        "$E finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 ok",
        "$E run-end 5 complete",
    ]);
    isnt($r->{status}, 0, 'fails when the exit code says a test failed, whatever the substeps say');
}

{
    my $r = run_step(exit => 0, events => [
        "$E run-start 0 1 local",
        "$E run-end 0 complete",
    ]);
    isnt($r->{status}, 0, 'fails when no instance ran');
}

{
    my $r = run_step(exit => 0, events => [
        "xtf-harness-event 2 start xtf/test-pv64-example 1",
        "$E run-end 0 complete",
    ]);
    isnt($r->{status}, 0, 'refuses an event stream version it does not know');
    is(verdict_call($r), 'broken', 'an unreadable stream makes the job broken');
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
    my $r = run_step(exit => 3, events => [
        "$E run-start 2 1 local",
        "$E finish xtf/test-pv32pae-example pass SKIP HOST_UNSUPPORTED 1 host cannot run pv32pae",
        "$E start xtf/test-pv64-example 1",
        "$E finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 ok",
        "$E run-end 3 complete",
    ]);
    is($r->{status}, 0, 'accepts a finish with no start (an instance the host cannot run)');
    is_deeply(substeps($r), [
        'substep_start xtf/test-pv32pae-example',
        'substep_start xtf/test-pv64-example',
        'substep_finish xtf/test-pv32pae-example pass',
        'substep_finish xtf/test-pv64-example pass',
    ], 'the instance the harness did not run still gets its substep');
}

done_testing();
