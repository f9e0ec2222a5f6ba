"""Runs TCXtfHarness against the xenrt stand-in and a stand-in CLI."""

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
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
            # As the CLI writes it: UTF-8, non-ASCII characters as they are.
            with io.open(results, "w", encoding="utf-8") as f:
                f.write(u"%s" % json.dumps(doc, ensure_ascii=False))
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
            "--console", "auto",
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

        tc, error = self.runTc(document([PASS, notrun], 1), 0, ["timeout=4", "stopgrace=30"])

        with open(terms) as f:
            self.assertEqual(f.read(), "TERM\n", "SIGTERM, and it was waited for")
        self.assertIsInstance(error, xenrt.XRTError)
        self.assertIn("stopped with SIGTERM", str(error))
        self.assertEqual([s[2] for s in tc.subcases], [xenrt.RESULT_PASS, xenrt.RESULT_NOTRUN])

    def test_a_non_ascii_reason_reaches_xenrt_in_a_form_its_str_keeps(self):
        # U+FFFD is what the harness makes of bytes that are not UTF-8; XenRT
        # str()s every reason (exec/xenrt/results.py:174), which the stand-in does.
        odd = record("test-pv64-odd", "pv64", "odd", "FAIL", 2,
                     u"Fail: got \ufffd\ufffd from caf\u00e9 \u2603", verdict="FAILURE")

        tc, error = self.runTc(document([PASS, odd], 5), 5)

        self.assertIsInstance(error, xenrt.XRTFailure, "the failure is reported, not a UnicodeEncodeError")
        self.assertEqual(tc.subcases[1], ("pv64", "odd", xenrt.RESULT_FAIL,
                                          "Fail: got \\ufffd\\ufffd from caf\\xe9 \\u2603"))
        self.assertTrue(all(type(s[3]) is str for s in tc.subcases), "native strs, as str() gives")

    def test_the_standin_refuses_what_xenrts_str_cannot_keep(self):
        if sys.version_info[0] >= 3:
            self.skipTest("only Python 2's str() refuses non-ASCII unicode")
        tc = xenrt.TestCase()
        self.assertRaises(UnicodeEncodeError, tc.testcaseResult, "pv64", "odd", xenrt.RESULT_FAIL,
                          u"caf\u00e9")

    def test_a_rerun_into_the_same_log_directory_keeps_both_runs_results(self):
        first, error1 = self.runTc(document([PASS], 0), 0)
        firstArgv = self.argv
        second, error2 = self.runTc(document([PASS, FAIL], 5), 5)

        self.assertIsNone(error1)
        self.assertIsInstance(error2, xenrt.XRTFailure, "the rerun ran and reported its own results")
        self.assertEqual(len(second.subcases), 2)
        opt = lambda argv, name: argv[argv.index(name) + 1]  # noqa: E731
        self.assertEqual(opt(firstArgv, "--journal"), os.path.join(self.logdir, "xtf-harness-journal.jsonl"))
        self.assertEqual(opt(self.argv, "--journal"), os.path.join(self.logdir, "xtf-harness-journal-2.jsonl"))
        self.assertEqual(opt(self.argv, "--junit"), os.path.join(self.logdir, "xtf-harness-junit-2.xml"))
        self.assertEqual(opt(self.argv, "--xenrt-json"), os.path.join(self.logdir, "xtf-harness-xenrt-2.json"))
        for name in ("xtf-harness-xenrt.json", "xtf-harness-xenrt-2.json", "xtf-harness.log", "xtf-harness-2.log"):
            self.assertTrue(os.path.exists(os.path.join(self.logdir, name)), name)
        with open(os.path.join(self.logdir, "xtf-harness-xenrt.json")) as f:
            self.assertEqual(len(json.load(f)["results"]), 1, "the first run's document is kept as it was")

    def test_a_timed_out_run_with_failures_says_it_was_stopped_and_counts_what_never_ran(self):
        terms = os.path.join(self.tmp, "terms")
        os.environ["FAKE_XTF_HARNESS_WAIT_FOR_TERM"] = terms
        notrun = record("test-pv64-later", "pv64", "later", "NOTRUN", 0, "not run", harness=True, verdict=None)
        notrun2 = record("test-pv64-last", "pv64", "last", "NOTRUN", 0, "not run", harness=True, verdict=None)

        tc, error = self.runTc(document([FAIL, notrun, notrun2], 143), 0, ["timeout=4", "stopgrace=30"])

        self.assertIsInstance(error, xenrt.XRTFailure)
        self.assertIn("stopped with SIGTERM", str(error))
        self.assertIn("2 of 3 XTF instances not run", str(error))
        self.assertIn("1 of 3 XTF instances failed", str(error))

    def test_sigterm_to_the_testcase_stops_the_cli_and_removes_the_password(self):
        # The testcase in a process of its own, as XenRT runs it, killed by SIGTERM
        # while the CLI runs: no finally block of the testcase runs.
        terms = os.path.join(self.tmp, "terms")
        secrets = os.path.join(self.tmp, "tmp")
        os.mkdir(secrets)
        argv = os.path.join(self.tmp, "argv.json")
        env = dict(os.environ, FAKE_XTF_HARNESS_WAIT_FOR_TERM=terms, FAKE_XTF_HARNESS_ARGV=argv,
                   FAKE_XTF_HARNESS_EXIT="0", TMPDIR=secrets, PYTHONDONTWRITEBYTECODE="1")
        script = ("import sys, xenrt\n"
                  "from tc_xtf_harness import TCXtfHarness\n"
                  "xenrt.reset(sys.argv[1], {'XTF_HARNESS': sys.argv[2]})\n"
                  "xenrt.TestCase.defaultHost = xenrt.Host('192.0.2.20', password='xenroot')\n"
                  "tc = TCXtfHarness()\n"
                  "tc.prepare([])\n"
                  "tc.run([])\n")
        path = os.pathsep.join([os.path.join(HERE, "..", "standin"), os.path.join(HERE, "..")])
        env["PYTHONPATH"] = path
        proc = subprocess.Popen([sys.executable, "-c", script, self.logdir, os.path.join(HERE, "fake-xtf-harness")],
                                env=env)
        for _ in range(300):
            if os.path.exists(argv) and os.listdir(secrets):
                break
            time.sleep(0.1)
        self.assertTrue(os.listdir(secrets), "the CLI is running, its password in a private directory")
        proc.send_signal(signal.SIGTERM)
        proc.wait()

        for _ in range(300):
            if os.path.exists(terms) and not os.listdir(secrets):
                break
            time.sleep(0.1)
        with open(terms) as f:
            self.assertEqual(f.read(), "TERM\n", "the CLI got SIGTERM when the testcase died")
        self.assertEqual(os.listdir(secrets), [], "and the password's directory is gone")

    def test_errors_when_no_instance_ran(self):
        tc, error = self.runTc(document([], 0), 0)

        self.assertIsInstance(error, xenrt.XRTError)


if __name__ == "__main__":
    unittest.main()
