# Stand-in for osstest's Osstest module, for testing ts-xtf-harness-run
# without an osstest installation.  It provides nothing the step uses
# directly; the step's calls go to Osstest::TestSupport.
package Osstest;

use strict;
use warnings;

1;
