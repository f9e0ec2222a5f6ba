# Stand-in for osstest's Osstest::TestSupport, for testing
# ts-xtf-harness-run.  It records every call the step makes, one per
# line, tab-separated, in the file named by OSSTEST_STANDIN_CALLS:
#
#   substep_start  <substep>
#   substep_finish <substep> <status>
#   logm           <message>
#   fail           <message>      (then dies, as osstest's fail does)
#   broken         <message>      (then dies, as osstest's broken does)
#
# Runvars come from OSSTEST_RUNVAR_<name> environment variables, the
# stash directory from OSSTEST_STANDIN_STASH, the host's address from
# OSSTEST_STANDIN_HOST_IP.
package Osstest::TestSupport;

use strict;
use warnings;

use Exporter qw(import);
our @EXPORT = qw(tsreadconfig %r $flight $job $stash
                 fail broken logm selecthost
                 substep_start substep_finish);

our (%r, $flight, $job, $stash);

sub record {
    my $file = $ENV{OSSTEST_STANDIN_CALLS} or die "OSSTEST_STANDIN_CALLS unset\n";
    open my $fh, '>>', $file or die "$file: $!";
    print $fh join("\t", @_), "\n" or die $!;
    close $fh or die $!;
}

sub tsreadconfig () {
    $flight = 'standin';
    $job = 'test-amd64-amd64-xtf';
    $stash = $ENV{OSSTEST_STANDIN_STASH} or die "OSSTEST_STANDIN_STASH unset\n";
    %r = ();
    foreach my $k (keys %ENV) {
        $r{$1} = $ENV{$k} if $k =~ m/^OSSTEST_RUNVAR_(\w+)$/;
    }
}

sub selecthost ($) {
    my ($ident) = @_;
    return { Ident => $ident, Name => 'standin-host',
             Ip => $ENV{OSSTEST_STANDIN_HOST_IP} || '192.0.2.10' };
}

sub logm ($) {
    my ($m) = @_;
    record('logm', $m);
    print STDERR "$m\n";
    return 1;
}

sub fail ($) {
    my ($m) = @_;
    record('fail', $m);
    die "failure: $m\n";
}

sub broken ($;$) {
    my ($m) = @_;
    record('broken', $m);
    die "BROKEN: $m\n";
}

sub substep_start ($;$) {
    my ($sstep) = @_;
    record('substep_start', $sstep);
}

sub substep_finish ($$) {
    my ($sstep, $status) = @_;
    record('substep_finish', $sstep, $status);
}

1;
