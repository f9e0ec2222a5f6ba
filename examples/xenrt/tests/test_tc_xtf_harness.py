"""Runs TCXtfHarness against the xenrt stand-in and a stand-in CLI."""

import json
import os
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "standin"))
sys.path.insert(0, os.path.join(HERE, ".."))

import xenrt  # noqa: E402  (the stand-in)
from tc_xtf_harness import TCXtfHarness  # noqa: E402


def record(instance, group, testcase, result, code, reason, harness=False, verdict="SUCCESS"):
    return {"instance": instance, "group": group, "testcase": testcase, "result": result,
            "resultCode": code, "reason": reason, "verdict": verdict, "cause": "GUEST_REPORTED",
            "harnessProblem": harness}


def document(results, exit_code, version=1):
    return {"format": "xtf-harness-xenrt", "schemaVersion": version,
            "run": {"host": "ssh://root@192.0.2.20", "exitCode": exit_code, "interrupted": False},
            "results": results}


PASS = record("test-pv64-example", "pv64", "example", "PASS", 1, "guest reported SUCCESS")
SKIP = record("test-hvm64-xsa-186", "hvm64", "xsa-186", "SKIPPED", 5, "Not vulnerable", verdict="SKIP")
FAIL = record("test-pv64-fpu~exn", "pv64", "fpu~exn", "FAIL", 2, "Fail: bad value", verdict="FAILURE")
CRASH = record("test-hvm32-selftest", "hvm32", "selftest", "FAIL", 2, "domain crashed", verdict="CRASH")
BROKEN = record("test-pv32pae-selftest", "pv32pae", "selftest", "ERROR", 4, "xl create failed",
                harness=True, verdict="ERROR")


class TCXtfHarnessTest(unittest.TestCase):

    def setUp(self):
        # Python 2.7 has no TemporaryDirectory.
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        self.logdir = os.path.join(self.tmp, "logs")
        os.mkdir(self.logdir)
        xenrt.reset(self.logdir, {"XTF_HARNESS": os.path.join(HERE, "fake-xtf-harness"),
                                  "SSH_PRIVATE_KEY_FILE": "/xenrt/keys/id_dsa"})
        xenrt.TestCase.defaultHost = xenrt.Host("192.0.2.20")
        self.env = dict(os.environ)
        self.addCleanup(self.restoreEnv)

    def restoreEnv(self):
        os.environ.clear()
        os.environ.update(self.env)

    def runTc(self, doc, exit_code, arglist=None):
        argv = os.path.join(self.tmp, "argv.json")
        os.environ["FAKE_XTF_HARNESS_ARGV"] = argv
        os.environ["FAKE_XTF_HARNESS_EXIT"] = str(exit_code)
        if doc is None:
            os.environ.pop("FAKE_XTF_HARNESS_RESULTS", None)
        else:
            results = os.path.join(self.tmp, "results.json")
            with open(results, "w") as f:
                json.dump(doc, f)
            os.environ["FAKE_XTF_HARNESS_RESULTS"] = results
        tc = TCXtfHarness()
        tc.prepare(arglist)
        error = None
        try:
            tc.run(arglist)
        except (xenrt.XRTFailure, xenrt.XRTError) as e:
            error = e
        with open(argv) as f:
            self.argv = json.load(f)
        return tc, error

    def test_records_each_instance_and_passes_when_all_passed(self):
        tc, error = self.runTc(document([PASS, SKIP], 3), 3, ["selection=pv64,hvm64 xsa", "jobs=2"])

        self.assertIsNone(error)
        self.assertEqual(tc.subcases, [
            ("pv64", "example", xenrt.RESULT_PASS, "guest reported SUCCESS"),
            ("hvm64", "xsa-186", xenrt.RESULT_SKIPPED, "Not vulnerable"),
        ])
        self.assertEqual(self.argv, [
            "run", "pv64", "hvm64", "xsa",
            "--host-target", "ssh://root@192.0.2.20",
            "--ssh-option", "StrictHostKeyChecking=no",
            "--ssh-option", "UserKnownHostsFile=/dev/null",
            "--ssh-identity", "/xenrt/keys/id_dsa",
            "--xtf-dir", "/opt/xen-test-framework",
            "--log-dir", "/var/log/xen",
            "-j", "2",
            "--format", "text",
            "--xenrt-json", os.path.join(self.logdir, "xtf-harness-xenrt.json"),
            "--junit", os.path.join(self.logdir, "xtf-harness-junit.xml"),
            "--journal", os.path.join(self.logdir, "xtf-harness-journal.jsonl"),
        ])
        self.assertTrue(os.path.exists(os.path.join(self.logdir, "xtf-harness.log")))

    def test_fails_the_testcase_when_a_subcase_failed_after_recording_all(self):
        tc, error = self.runTc(document([PASS, FAIL, CRASH, BROKEN], 6), 6)

        self.assertIsInstance(error, xenrt.XRTFailure)
        self.assertIn("2 of 4", str(error))
        self.assertEqual([s[2] for s in tc.subcases],
                         [xenrt.RESULT_PASS, xenrt.RESULT_FAIL, xenrt.RESULT_FAIL, xenrt.RESULT_ERROR])
        self.assertIn("test-hvm32-selftest", str(error), "a guest crash is the test's failure")
        self.assertNotIn("test-pv32pae-selftest", str(error), "the harness's problem is not")

    def test_errors_when_only_the_harness_failed(self):
        tc, error = self.runTc(document([PASS, BROKEN], 4), 4)

        self.assertIsInstance(error, xenrt.XRTError)
        self.assertIn("could not be run", str(error))

    def test_errors_when_the_cli_wrote_no_results_and_never_reads_a_stale_file(self):
        with open(os.path.join(self.logdir, "xtf-harness-xenrt.json"), "w") as f:
            json.dump(document([PASS], 0), f)

        tc, error = self.runTc(None, 1)

        self.assertIsInstance(error, xenrt.XRTError)
        self.assertIn("wrote no results", str(error))
        self.assertEqual(tc.subcases, [])

    def test_errors_when_the_exit_code_disagrees_with_the_results(self):
        tc, error = self.runTc(document([PASS], 0), 5)

        self.assertIsInstance(error, xenrt.XRTError)
        self.assertIn("exited 5", str(error))

    def test_errors_on_a_schema_version_it_does_not_know(self):
        tc, error = self.runTc(document([PASS], 0, version=2), 0)

        self.assertIsInstance(error, xenrt.XRTError)
        self.assertIn("version 2", str(error))

    def test_records_not_run_instances_and_errors(self):
        notrun = record("test-pv64-later", "pv64", "later", "NOTRUN", 0, "not run", harness=True, verdict=None)

        tc, error = self.runTc(document([PASS, notrun], 1), 1)

        self.assertIsInstance(error, xenrt.XRTError)
        self.assertIn(("pv64", "later", xenrt.RESULT_NOTRUN, "not run"), tc.subcases)

    def test_authenticates_with_the_host_password_from_a_private_file_never_the_command_line(self):
        xenrt.TestCase.defaultHost = xenrt.Host("192.0.2.20", password="xenroot")
        os.environ["FAKE_XTF_HARNESS_HOST_PASSWORD"] = "xenroot"

        tc, error = self.runTc(document([PASS], 0), 0)

        self.assertIsNone(error)
        self.assertEqual(tc.subcases, [("pv64", "example", xenrt.RESULT_PASS, "guest reported SUCCESS")])
        self.assertIn("--ssh-password-file", self.argv)
        self.assertNotIn("--ssh-identity", self.argv, "a password, as exec/xenrt/ssh.py, not the key")
        self.assertFalse(any("xenroot" in a for a in self.argv), "the password is never an argument")
        self.assertFalse(os.path.exists(self.argv[self.argv.index("--ssh-password-file") + 1]),
                         "the password file is gone after the run")

    def test_a_wrong_password_is_an_error_not_a_failure(self):
        xenrt.TestCase.defaultHost = xenrt.Host("192.0.2.20", password="wrong")
        os.environ["FAKE_XTF_HARNESS_HOST_PASSWORD"] = "xenroot"

        tc, error = self.runTc(document([PASS], 0), 0)

        self.assertIsInstance(error, xenrt.XRTError)
        self.assertEqual(tc.subcases, [])

    def test_errors_when_there_is_neither_password_nor_key(self):
        xenrt.reset(self.logdir, {"XTF_HARNESS": os.path.join(HERE, "fake-xtf-harness")})
        os.environ.pop("SSH_PRIVATE_KEY_FILE", None)
        tc = TCXtfHarness()
        tc.prepare([])

        with self.assertRaises(xenrt.XRTError) as raised:
            tc.run([])
        self.assertIn("No password given and no key read", str(raised.exception))

    def test_at_its_timeout_stops_the_harness_with_sigterm_and_records_what_it_reported(self):
        terms = os.path.join(self.tmp, "terms")
        os.environ["FAKE_XTF_HARNESS_WAIT_FOR_TERM"] = terms
        notrun = record("test-pv64-later", "pv64", "later", "NOTRUN", 0, "not run", harness=True, verdict=None)

        tc, error = self.runTc(document([PASS, notrun], 1), 0, ["timeout=1", "stopgrace=30"])

        with open(terms) as f:
            self.assertEqual(f.read(), "TERM\n", "SIGTERM, and it was waited for")
        self.assertIsInstance(error, xenrt.XRTError)
        self.assertIn("stopped with SIGTERM", str(error))
        self.assertEqual([s[2] for s in tc.subcases], [xenrt.RESULT_PASS, xenrt.RESULT_NOTRUN])

    def test_errors_when_no_instance_ran(self):
        tc, error = self.runTc(document([], 0), 0)

        self.assertIsInstance(error, xenrt.XRTError)


if __name__ == "__main__":
    unittest.main()
