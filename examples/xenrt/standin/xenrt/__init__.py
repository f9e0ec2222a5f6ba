"""Stand-in for the parts of XenRT's xenrt package TCXtfHarness uses.

Names, values, signatures and return conventions are the real ones, from
repository gagomes/xenrt, exec/xenrt/__init__.py (commit 017fc6bbfad2):
RESULT_* lines 45-52, XRTException/XRTError/XRTFailure under "Errors and
failures", TestCase.testcaseResult(group, testcase, result, reason=None).
testcaseResult also does to its arguments what XenRT's results do with
them (exec/xenrt/results.py at commit 5cbe843443f8: setResult strips the
reason, line 45; createXMLNode str()s name and reason, lines 155 and 174).
It records what a testcase does (testcaseResult calls, log lines) so tests
can check them without a XenRT installation. Python 2.7 and 3.
"""

import os

RESULT_NOTRUN = 0
RESULT_PASS = 1
RESULT_FAIL = 2
RESULT_PARTIAL = 3
RESULT_ERROR = 4
RESULT_SKIPPED = 5
RESULT_ALLOWED = 6


class XRTException(Exception):
    """Harness error; raise XRTError or XRTFailure, never this."""

    def __init__(self, reason=None, data=None):
        Exception.__init__(self, reason)
        self.reason = reason
        self.data = data

    def __str__(self):
        return str(self.reason)


class XRTError(XRTException):
    """Harness error: used for problems which are not a failure of the testcase."""


class XRTFailure(XRTException):
    """Test failure."""


class _TEC(object):
    """Test execution context: the log directory, config lookups, logs."""

    def __init__(self):
        self.logdir = None
        self.config = {}
        self.log = []

    def getLogdir(self):
        return self.logdir

    def lookup(self, var, default=XRTError):
        # Real: config variables; a missing one without a default raises.
        if var in self.config:
            return self.config[var]
        if var in os.environ:
            return os.environ[var]
        if default is XRTError:
            raise XRTError("No config variable %s" % var)
        return default

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
    """A host under test, as far as the testcase needs one: its address and,
    as XenRT's hosts have, a root password (None when XenRT's key is used)."""

    def __init__(self, ip, password=None):
        self.ip = ip
        self.password = password

    def getIP(self):
        return self.ip


class TestCase(object):
    """Records testcaseResult calls as (group, testcase, result, reason),
    each as XenRT's results.xml would hold it."""

    defaultHost = None

    def __init__(self):
        self.host = None
        self.subcases = []

    def getDefaultHost(self):
        return TestCase.defaultHost

    def testcaseResult(self, group, testcase, result, reason=None):
        # Real: testcaseResult (exec/xenrt/__init__.py:462-470) hands the
        # reason to TestCaseItem.setResult, which keeps reason.strip()
        # (exec/xenrt/results.py:42-47); results.xml then holds
        # str(self.name) and str(reason) (results.py:155 and 174,
        # TestCaseItem.createXMLNode). Done here, at the call, so a value
        # str() cannot take (non-ASCII unicode under Python 2) fails the
        # test as it would fail XenRT's results.xml.
        if reason:
            reason = str(reason.strip())
        self.subcases.append((str(group), str(testcase), result, reason))
