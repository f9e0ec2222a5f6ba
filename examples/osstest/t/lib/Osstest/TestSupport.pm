# Stand-in for osstest's Osstest::TestSupport, for testing
# ts-xtf-harness-run.  Every sub the step calls has the real one's name,
# prototype, arguments and return convention; the real ones are in
# osstest's Osstest/TestSupport.pm (repository yochow/osstest-1: sshopts,
# logm, fail, broken and tsreadconfig read at commit 05622ebb6b2f,
# selecthost, get_host_property and target_cmd_root at f4f1c7a7c744;
# cited by sub name; upstream's substep_* are not in that copy).  It records every call, one per line, tab-separated, in the file
# named by OSSTEST_STANDIN_CALLS:
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

use Osstest;
use Exporter qw(import);
our @EXPORT = qw(tsreadconfig %r $flight $job $stash
                 fail broken logm selecthost get_host_property sshopts
                 substep_start substep_finish);

our (%r, $flight, $job, $stash);
our %substep_running;

sub record {
    my $file = $ENV{OSSTEST_STANDIN_CALLS} or die "OSSTEST_STANDIN_CALLS unset\n";
    open my $fh, '>>', $file or die "$file: $!";
    print $fh join("\t", @_), "\n" or die $!;
    close $fh or die $!;
}

# Real: reads the runvars of $flight.$job from the database into %r and
# sets $stash to "$c{Stash}/$flight/$job".
sub tsreadconfig () {
    $flight = 'standin';
    $job = 'test-amd64-amd64-xtf';
    $stash = $ENV{OSSTEST_STANDIN_STASH} or die "OSSTEST_STANDIN_STASH unset\n";
    %r = ();
    foreach my $k (keys %ENV) {
        $r{$1} = $ENV{$k} if $k =~ m/^OSSTEST_RUNVAR_(\w+)$/;
    }
}

# Real: sub get_host_property ($$;$), the property or $defval.
sub get_host_property ($$;$) {
    my ($ho, $prop, $defval) = @_;
    my $val = $ho->{Properties}{$prop};
    return defined($val) ? $val : $defval;
}

# Real: sub selecthost ($), a hash with Ident, Name, Properties, Ip, ...
sub selecthost ($) {
    my ($ident) = @_;
    my $ho = { Ident => $ident, Name => 'standin-host',
               Properties => { IpAddr => $ENV{OSSTEST_STANDIN_HOST_IP} } };
    $ho->{Ip} = get_host_property($ho, 'IpAddr', '192.0.2.10');
    return $ho;
}

# Real: sub sshopts (), an array ref of ssh arguments, exactly these:
# host keys are not checked and are kept per flight and job.
sub sshopts () {
    return [ qw(-o StrictHostKeyChecking=no
                -o BatchMode=yes
                -o ConnectTimeout=100
                -o ServerAliveInterval=100
                -o PasswordAuthentication=no
                -o ChallengeResponseAuthentication=no),
             '-o', "UserKnownHostsFile=tmp/t.known_hosts_$flight.$job"
             ];
}

# Real: sub logm ($), a timestamped line on stderr.
sub logm ($) {
    my ($m) = @_;
    record('logm', $m);
    print STDERR "$m\n";
    return 1;
}

# Real: sub fail ($), logs "FAILURE: $m" and dies "failure: $m\n".
sub fail ($) {
    my ($m) = @_;
    record('fail', $m);
    die "failure: $m\n";
}

# Real: sub broken ($;$), marks the job $newst (default broken) and dies.
sub broken ($;$) {
    my ($m, $newst) = @_;
    $newst = 'broken' unless defined $newst;
    record('broken', $m);
    die "BROKEN: $m; marked $flight.$job $newst\n";
}

# Upstream: sub substep_start ($;$) { my ($sstep,$desc) = @_; ... }, a new
# step row, status running.
sub substep_start ($;$) {
    my ($sstep) = @_;
    $substep_running{$sstep} = 1;
    record('substep_start', $sstep);
}

# Upstream: sub substep_finish ($$) { my ($sstep,$st) = @_; ... }, sets the
# status of the running step row; there is none to set otherwise.
sub substep_finish ($$) {
    my ($sstep, $st) = @_;
    delete $substep_running{$sstep}
        or die "substep_finish $sstep: no such running substep\n";
    record('substep_finish', $sstep, $st);
}

1;
