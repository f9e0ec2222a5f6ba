"""Stand-in for the parts of XenRT's xenrt package TCXtfHarness uses.

It records what a testcase does (testcaseResult calls, log lines) so tests
can check them without a XenRT installation.
"""

import os

RESULT_NOTRUN = 0
RESULT_PASS = 1
RESULT_FAIL = 2
RESULT_PARTIAL = 3
RESULT_ERROR = 4
RESULT_SKIPPED = 5
RESULT_ALLOWED = 6


class XRTError(Exception):
    """The testcase could not do its job (XenRT: an error)."""


class XRTFailure(Exception):
    """What the testcase tested failed (XenRT: a failure)."""


class _TEC(object):
    """Test execution context: the log directory, config lookups, logs."""

    def __init__(self):
        self.logdir = None
        self.config = {}
        self.log = []

    def getLogdir(self):
        return self.logdir

    def lookup(self, var, default=None):
        if var in self.config:
            return self.config[var]
        return os.environ.get(var, default)

    def logverbose(self, msg):
        self.log.append(msg)

    def comment(self, msg):
        self.log.append(msg)


_tec = _TEC()


def TEC():
    return _tec


def reset(logdir, config=None):
    """Starts a fresh context for one test."""
    global _tec
    _tec = _TEC()
    _tec.logdir = logdir
    _tec.config = dict(config or {})


class Host(object):
    """A host under test, as far as the testcase needs one."""

    def __init__(self, ip):
        self.ip = ip

    def getIP(self):
        return self.ip


class TestCase(object):
    """Records testcaseResult calls as (group, testcase, result, reason)."""

    defaultHost = None

    def __init__(self):
        self.host = None
        self.subcases = []

    def getDefaultHost(self):
        return TestCase.defaultHost

    def testcaseResult(self, group, testcase, result, reason=None):
        self.subcases.append((group, testcase, result, reason))
