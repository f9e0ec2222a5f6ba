# Stand-in for osstest's Osstest module, for testing ts-xtf-harness-run
# without an osstest installation.  Like the real one it exports %c, the
# controller's configuration (read by csreadconfig from
# ~/.xen-osstest/config); here each OSSTEST_STANDIN_CONFIG_<Name>
# environment variable is $c{<Name>}.
package Osstest;

use strict;
use warnings;

use Exporter qw(import);
our @EXPORT = qw(%c);

our %c;
foreach my $k (keys %ENV) {
    $c{$1} = $ENV{$k} if $k =~ m/^OSSTEST_STANDIN_CONFIG_(\w+)$/;
}

1;
