"""XenRT testcase that runs the Xen Test Framework with xtf-harness.

xtf-harness runs on the XenRT controller and reaches the host under test
over ssh as root. It writes a JSON document (xenrt-adapter/README.md,
schema version 1); this testcase records one subcase per XTF instance
with testcaseResult, and fails when any subcase did not pass.

Arguments (XenRT's key=value arglist, all optional):
  selection=pv64,xsa    what to run, as xtf-runner's selection (comma- or
                        space-separated; default: the CLI's default)
  xtfdir=DIR            XTF's directory on the host
  jobs=N                instances run at once
  timeout=SECONDS       how long the whole run may take (default 3600)
The CLI is XTF_HARNESS from XenRT's config or the environment, else
xtf-harness on PATH.
"""

import json
import os
import subprocess

import xenrt

SCHEMA_VERSION = 1
FORMAT = "xtf-harness-xenrt"
PASSING = ("PASS", "SKIPPED")
RUNNER_ERROR_EXIT = 1


class TCXtfHarness(xenrt.TestCase):
    """Runs XTF on the default host; one subcase per XTF instance."""

    def prepare(self, arglist=None):
        self.host = self.getDefaultHost()

    def run(self, arglist=None):
        args = self.parseArgs(arglist)
        logdir = xenrt.TEC().getLogdir()
        jsonPath = os.path.join(logdir, "xtf-harness-xenrt.json")
        # A document left by an earlier run must never stand in for this one.
        if os.path.exists(jsonPath):
            os.unlink(jsonPath)

        cmd = self.command(args, logdir, jsonPath)
        xenrt.TEC().logverbose("Running %s" % " ".join(cmd))
        try:
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  timeout=int(args.get("timeout", "3600")))
        except OSError as e:
            raise xenrt.XRTError("cannot run %s: %s" % (cmd[0], e))
        except subprocess.TimeoutExpired:
            raise xenrt.XRTError("xtf-harness did not finish within %s s" % args.get("timeout", "3600"))
        with open(os.path.join(logdir, "xtf-harness.log"), "wb") as f:
            f.write(proc.stdout)

        doc = self.readResults(jsonPath, proc.returncode)
        failed = []
        broken = []
        for r in doc["results"]:
            result = getattr(xenrt, "RESULT_" + r["result"], None)
            if result is None:
                raise xenrt.XRTError("unknown XenRT result %r for %s" % (r["result"], r["instance"]))
            self.testcaseResult(r["group"], r["testcase"], result, r["reason"])
            if r["result"] not in PASSING:
                (broken if r.get("harnessProblem") else failed).append(r["instance"])

        if failed:
            raise xenrt.XRTFailure("%d of %d XTF instances failed: %s"
                                   % (len(failed), len(doc["results"]), " ".join(failed)))
        if broken:
            raise xenrt.XRTError("%d of %d XTF instances could not be run: %s"
                                 % (len(broken), len(doc["results"]), " ".join(broken)))
        if proc.returncode not in (0, 3):
            raise xenrt.XRTError("every instance passed but xtf-harness exited %d" % proc.returncode)

    def parseArgs(self, arglist):
        args = {}
        for a in arglist or []:
            key, sep, value = a.partition("=")
            if not sep:
                raise xenrt.XRTError("argument %r is not key=value" % a)
            args[key] = value
        return args

    def command(self, args, logdir, jsonPath):
        cmd = [xenrt.TEC().lookup("XTF_HARNESS", "xtf-harness"), "run"]
        cmd += args.get("selection", "").replace(",", " ").split()
        cmd += ["--host-target", "ssh://root@%s" % self.host.getIP()]
        if "xtfdir" in args:
            cmd += ["--xtf-dir", args["xtfdir"]]
        if "jobs" in args:
            cmd += ["-j", args["jobs"]]
        cmd += ["--format", "text",
                "--xenrt-json", jsonPath,
                "--junit", os.path.join(logdir, "xtf-harness-junit.xml"),
                "--journal", os.path.join(logdir, "xtf-harness-journal.jsonl")]
        return cmd

    def readResults(self, jsonPath, exitCode):
        if not os.path.exists(jsonPath):
            raise xenrt.XRTError("xtf-harness exited %d and wrote no results" % exitCode)
        with open(jsonPath, encoding="utf-8") as f:
            doc = json.load(f)
        if doc.get("format") != FORMAT or doc.get("schemaVersion") != SCHEMA_VERSION:
            raise xenrt.XRTError("results are %s version %s, expected %s version %d"
                                 % (doc.get("format"), doc.get("schemaVersion"), FORMAT, SCHEMA_VERSION))
        if doc["run"]["exitCode"] != exitCode:
            raise xenrt.XRTError("xtf-harness exited %d but its results say %d"
                                 % (exitCode, doc["run"]["exitCode"]))
        if not doc["results"]:
            raise xenrt.XRTError("xtf-harness ran no XTF instance")
        return doc
