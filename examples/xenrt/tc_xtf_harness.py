"""XenRT testcase that runs the Xen Test Framework with xtf-harness.

xtf-harness runs on the XenRT controller and reaches the host under test
over ssh as root, authenticating as XenRT does (exec/xenrt/ssh.py,
SSHSession.connect): with the host's root password when it has one, else
with XenRT's key (SSH_PRIVATE_KEY_FILE), and no host key checking. The
password goes to the CLI in a private file, never on a command line.

It writes a JSON document (xenrt-adapter/README.md, schema version 1);
this testcase records one subcase per XTF instance with testcaseResult,
and fails when any subcase failed.

Arguments (XenRT's key=value arglist, all optional):
  selection=pv64,xsa    what to run, as xtf-runner's selection (comma- or
                        space-separated; default: the CLI's default)
  xtfdir=DIR            XTF's directory on the host
                        (default /opt/xen-test-framework, as ring0xen)
  logdir=DIR            xenconsoled's guest logs on the host
                        (default /var/log/xen, as ring0xen reads them)
  console=auto|log|live where console output comes from (default auto:
                        xenconsoled's log where the host logs guests, else
                        the live console; a XenServer host logs none unless
                        XENCONSOLED_TRACE is set, as ring0xen.py:51 does)
  jobs=N                instances run at once
  timeout=SECONDS       how long the whole run may take (default 3600)
  stopgrace=SECONDS     how long xtf-harness may take to stop after
                        SIGTERM at the timeout (default 120)
The CLI is XTF_HARNESS from XenRT's config or the environment, else
xtf-harness on PATH.

Each run writes its own files in XenRT's log directory: the first
xtf-harness.log, xtf-harness-xenrt.json, xtf-harness-junit.xml and
xtf-harness-journal.jsonl, a rerun into the same directory the same
names with -2, -3, ... (claimed with O_EXCL), so none is overwritten.

Reasons reach XenRT as ASCII, anything else as a backslash escape
(U+FFFD as \ufffd): XenRT writes results.xml with str(reason)
(exec/xenrt/results.py:174, TestCaseItem.createXMLNode), which under
Python 2 raises UnicodeEncodeError for a non-ASCII unicode string.

If this testcase's process dies while the CLI runs (SIGTERM, SIGKILL),
the CLI is sent SIGTERM (it destroys its domains and releases the host
lock) and the private directory holding the password is removed, by the
kernel's parent-death signal and a small reaper process.

Runs under Python 2.7 (as XenRT does) and Python 3.
"""

import ctypes
import errno
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import xenrt

SCHEMA_VERSION = 1
FORMAT = "xtf-harness-xenrt"
PASSING = ("PASS", "SKIPPED")
# ring0xen.py runs "xl create /opt/xen-test-framework/%s.cfg" and reads
# /var/log/xen/guest-%s.log: XenServer's layout.
XENSERVER_XTF_DIR = "/opt/xen-test-framework"
XENSERVER_GUEST_LOG_DIR = "/var/log/xen"
# exec/xenrt/ssh.py: this password stands for an empty one.
NO_PASSWORD = "<NOPASSWORD>"
CONSOLES = ("auto", "log", "live")
# Linux prctl(2): send this process a signal when its parent dies.
PR_SET_PDEATHSIG = 1
# Removes the private directory (argv[1]) once its standard input ends,
# whether the testcase ended well or its process died: it waits for
# EOF, so it outlives whatever killed the testcase.
REAPER = ("import shutil, sys\n"
          "sys.stdin.read()\n"
          "shutil.rmtree(sys.argv[1], ignore_errors=True)\n")


def xenrtText(value):
    """value as XenRT can keep it: a native str of ASCII, anything else as
    a backslash escape. XenRT str()s reasons and names for results.xml
    (exec/xenrt/results.py:155 and 174); under Python 2 json gives unicode,
    whose str() raises UnicodeEncodeError when it is not ASCII. An ASCII
    str survives that and every later step (results.xml written as bytes,
    summaries formatted with either kind of string)."""
    if value is None:
        return None
    if isinstance(value, bytes):  # Python 2's str, or Python 3's bytes
        value = value.decode("utf-8", "replace")
    escaped = value.encode("ascii", "backslashreplace")
    return escaped if isinstance(escaped, str) else escaped.decode("ascii")


def dieWithParent():
    """In the CLI's process, before it runs: SIGTERM when this testcase's
    process (the thread that started it) dies, so the CLI stops and
    destroys its domains rather than run on unwatched. Linux only."""
    try:
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class TCXtfHarness(xenrt.TestCase):
    """Runs XTF on the default host; one subcase per XTF instance."""

    def prepare(self, arglist=None):
        self.host = self.getDefaultHost()

    def run(self, arglist=None):
        args = self.parseArgs(arglist)
        timeout = self.seconds(args, "timeout", 3600)
        grace = self.seconds(args, "stopgrace", 120)
        console = args.get("console", "auto")
        if console not in CONSOLES:
            raise xenrt.XRTError("argument console=%s is not one of %s" % (console, ", ".join(CONSOLES)))
        log, files = self.claimRunFiles(xenrt.TEC().getLogdir())

        secrets = tempfile.mkdtemp(prefix="xtf-harness-")  # 0700: the password file lives here
        reaper = subprocess.Popen([sys.executable, "-c", REAPER, secrets], stdin=subprocess.PIPE)
        try:
            cmd = self.command(args, files, secrets)
            xenrt.TEC().logverbose("Running %s" % " ".join(cmd))
            exitCode, stopped = self.runHarness(cmd, log, timeout, grace, reaper.stdin.fileno())
        finally:
            shutil.rmtree(secrets, ignore_errors=True)
            reaper.stdin.close()
            reaper.wait()

        doc = self.readResults(files["json"], exitCode, stopped)
        failed = []
        broken = []
        notrun = []
        for r in doc["results"]:
            result = getattr(xenrt, "RESULT_" + r["result"], None)
            if result is None:
                raise xenrt.XRTError("unknown XenRT result %r for %s" % (r["result"], r["instance"]))
            self.testcaseResult(xenrtText(r["group"]), xenrtText(r["testcase"]), result, xenrtText(r["reason"]))
            if r["result"] == "NOTRUN":
                notrun.append(r["instance"])
            elif r["result"] not in PASSING:
                (broken if r.get("harnessProblem") else failed).append(r["instance"])

        stoppedAt = ""
        if stopped:
            stoppedAt = ("xtf-harness did not finish within %d s and was stopped with SIGTERM"
                         " (%d of %d XTF instances not run); " % (timeout, len(notrun), len(doc["results"])))
        if failed:
            raise xenrt.XRTFailure("%s%d of %d XTF instances failed: %s"
                                   % (stoppedAt, len(failed), len(doc["results"]), " ".join(failed)))
        if stopped:
            raise xenrt.XRTError(stoppedAt.rstrip("; "))
        if broken:
            raise xenrt.XRTError("%d of %d XTF instances could not be run: %s"
                                 % (len(broken), len(doc["results"]), " ".join(broken)))
        if exitCode not in (0, 3):
            raise xenrt.XRTError("every instance passed but xtf-harness exited %d" % exitCode)

    def runHarness(self, cmd, logPath, timeout, grace, reaperPipe):
        """Runs the CLI; at the timeout stops it with SIGTERM, so it destroys its
        domains and releases the host lock, and waits for it. Returns its exit
        code and whether it had to be stopped. The CLI holds the reaper's pipe
        too, so the password outlives the CLI (it may ssh while it stops) and
        no longer."""
        keep = {"pass_fds": (reaperPipe,)} if sys.version_info[0] >= 3 else {"close_fds": False}
        with open(logPath, "wb") as log:
            try:
                proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, preexec_fn=dieWithParent,
                                        **keep)
            except OSError as e:
                raise xenrt.XRTError("cannot run %s: %s" % (cmd[0], e))
            if self.waitFor(proc, timeout):
                return proc.returncode, False
            xenrt.TEC().logverbose("xtf-harness still running after %d s: SIGTERM" % timeout)
            proc.send_signal(signal.SIGTERM)
            if self.waitFor(proc, grace):
                return proc.returncode, True
            proc.kill()
            proc.wait()
            raise xenrt.XRTError("xtf-harness did not finish within %d s nor stop within %d s of SIGTERM;"
                                 " killed, its domains may be left on the host" % (timeout, grace))

    def waitFor(self, proc, seconds):
        # Python 2.7's Popen.wait has no timeout.
        deadline = time.time() + seconds
        while proc.poll() is None:
            if time.time() >= deadline:
                return False
            time.sleep(0.2)
        return True

    def claimRunFiles(self, logdir):
        """This run's log, opened with O_EXCL, and the paths of its results,
        journal and JUnit: unnumbered for the first run into logdir, -2,
        -3, ... for later ones, so a rerun never overwrites nor is refused
        (the CLI refuses an existing journal) and a document left by an
        earlier run never stands in for this one's."""
        for n in range(1, 1000):
            suffix = "" if n == 1 else "-%d" % n
            files = {"json": os.path.join(logdir, "xtf-harness-xenrt%s.json" % suffix),
                     "junit": os.path.join(logdir, "xtf-harness-junit%s.xml" % suffix),
                     "journal": os.path.join(logdir, "xtf-harness-journal%s.jsonl" % suffix)}
            if any(os.path.lexists(f) for f in files.values()):
                continue
            log = os.path.join(logdir, "xtf-harness%s.log" % suffix)
            try:
                os.close(os.open(log, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            except OSError as e:
                if e.errno == errno.EEXIST:
                    continue
                raise xenrt.XRTError("cannot create %s: %s" % (log, e))
            return log, files
        raise xenrt.XRTError("%s already holds 999 runs of xtf-harness" % logdir)

    def parseArgs(self, arglist):
        args = {}
        for a in arglist or []:
            key, sep, value = a.partition("=")
            if not sep:
                raise xenrt.XRTError("argument %r is not key=value" % a)
            args[key] = value
        return args

    def seconds(self, args, key, default):
        value = args.get(key, str(default))
        if not value.isdigit() or int(value) < 1:
            raise xenrt.XRTError("argument %s=%s is not a number of seconds" % (key, value))
        return int(value)

    def credentials(self, secrets):
        """ssh options for the host as exec/xenrt/ssh.py authenticates: the
        password if the host has one, else XenRT's key; no host key checks."""
        opts = ["--ssh-option", "StrictHostKeyChecking=no",
                "--ssh-option", "UserKnownHostsFile=/dev/null"]
        password = getattr(self.host, "password", None)
        if password:
            if password == NO_PASSWORD:
                password = ""
            path = os.path.join(secrets, "password")
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(password + "\n")
            return opts + ["--ssh-password-file", path]
        key = xenrt.TEC().lookup("SSH_PRIVATE_KEY_FILE", None)
        if not key:
            raise xenrt.XRTError("No password given and no key read")
        return opts + ["--ssh-identity", key]

    def command(self, args, files, secrets):
        cmd = [xenrt.TEC().lookup("XTF_HARNESS", "xtf-harness"), "run"]
        cmd += args.get("selection", "").replace(",", " ").split()
        cmd += ["--host-target", "ssh://root@%s" % self.host.getIP()]
        cmd += self.credentials(secrets)
        cmd += ["--xtf-dir", args.get("xtfdir", XENSERVER_XTF_DIR),
                "--log-dir", args.get("logdir", XENSERVER_GUEST_LOG_DIR),
                "--console", args.get("console", "auto")]
        if "jobs" in args:
            cmd += ["-j", args["jobs"]]
        cmd += ["--format", "text",
                "--xenrt-json", files["json"],
                "--junit", files["junit"],
                "--journal", files["journal"]]
        return cmd

    def readResults(self, jsonPath, exitCode, stopped):
        if not os.path.exists(jsonPath):
            raise xenrt.XRTError("xtf-harness exited %d and wrote no results" % exitCode)
        with io.open(jsonPath, encoding="utf-8") as f:
            doc = json.load(f)
        if doc.get("format") != FORMAT or doc.get("schemaVersion") != SCHEMA_VERSION:
            raise xenrt.XRTError("results are %s version %s, expected %s version %d"
                                 % (doc.get("format"), doc.get("schemaVersion"), FORMAT, SCHEMA_VERSION))
        # A stopped CLI exits as SIGTERM leaves it; its document says why it ended.
        if not stopped and doc["run"]["exitCode"] != exitCode:
            raise xenrt.XRTError("xtf-harness exited %d but its results say %d"
                                 % (exitCode, doc["run"]["exitCode"]))
        if not doc["results"]:
            raise xenrt.XRTError("xtf-harness ran no XTF instance")
        return doc
