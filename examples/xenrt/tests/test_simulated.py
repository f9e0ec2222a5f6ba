"""Runs TCXtfHarness against the xenrt stand-in and the REAL xtf-harness on
its simulated host, with the simulated catalogue's --all selection.

Needs two environment variables (the Maven build's ScriptedExamplesTest
sets both):
  XTF_HARNESS_REAL          the real CLI, e.g. bin/xtf-harness
  XTF_HARNESS_SIM_EXPECTED  a file of "instance VERDICT" lines: the verdict a
                            correct run reaches for each instance of the
                            selection on the simulated host
tests/simulated-xtf-harness is the only stand-in between the testcase and
the CLI: it swaps the testcase's --host-target for --simulate.
"""

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

RESULT_OF = {"SUCCESS": xenrt.RESULT_PASS, "SKIP": xenrt.RESULT_SKIPPED,
             "FAILURE": xenrt.RESULT_FAIL, "ERROR": xenrt.RESULT_ERROR,
             "CRASH": xenrt.RESULT_FAIL}


class SimulatedRunTest(unittest.TestCase):

    def setUp(self):
        real = os.environ.get("XTF_HARNESS_REAL")
        expected = os.environ.get("XTF_HARNESS_SIM_EXPECTED")
        if not real or not expected:
            self.skipTest("XTF_HARNESS_REAL (the real xtf-harness) and XTF_HARNESS_SIM_EXPECTED "
                          "(expected verdicts) are not set; ScriptedExamplesTest sets them")
        with open(expected) as f:
            self.expected = dict(line.split()[:2] for line in f if line.strip())
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        self.logdir = os.path.join(self.tmp, "logs")
        os.mkdir(self.logdir)
        key = os.path.join(self.tmp, "id_dsa")
        open(key, "w").close()
        xenrt.reset(self.logdir, {"XTF_HARNESS": os.path.join(HERE, "simulated-xtf-harness"),
                                  "SSH_PRIVATE_KEY_FILE": key})
        xenrt.TestCase.defaultHost = xenrt.Host("192.0.2.20")

    def test_records_one_subcase_per_instance_with_its_result(self):
        args = ["selection=--all", "jobs=2"]
        tc = TCXtfHarness()
        tc.prepare(args)
        error = None
        try:
            tc.run(args)
        except (xenrt.XRTFailure, xenrt.XRTError) as e:
            error = e

        self.assertTrue(self.expected, "the expected verdicts name some instances")
        got = {}
        for group, testcase, result, reason in tc.subcases:
            instance = "test-%s-%s" % (group, testcase)
            self.assertNotIn(instance, got, "one testcaseResult per instance")
            got[instance] = (result, reason)
        self.assertEqual(sorted(got), sorted(self.expected), "a subcase for each selected instance")
        for instance, verdict in sorted(self.expected.items()):
            result, reason = got[instance]
            self.assertEqual(result, RESULT_OF[verdict], "%s (%s)" % (instance, verdict))
            if result != xenrt.RESULT_PASS:
                self.assertTrue(reason.strip(), "%s has a reason" % instance)

        if any(v in ("FAILURE", "ERROR", "CRASH") for v in self.expected.values()):
            self.assertIsInstance(error, xenrt.XRTFailure, "failures are Xen's, not the job's")
        else:
            self.assertIsNone(error)
        for name in ("xtf-harness-xenrt.json", "xtf-harness-junit.xml", "xtf-harness-journal.jsonl"):
            self.assertGreater(os.path.getsize(os.path.join(self.logdir, name)), 0, name)
        with open(os.path.join(self.logdir, "xtf-harness.log")) as f:
            log = f.read()
        self.assertIn("guest logging off", log, "the simulated host was a XenServer host without guest logging")
        self.assertIn("console: live", log, "so --console auto read the live console")

    def test_the_log_console_on_a_host_without_guest_logging_is_refused_which_auto_avoids(self):
        tc = TCXtfHarness()
        args = ["selection=--all", "console=log"]
        tc.prepare(args)
        with self.assertRaises(xenrt.XRTError) as raised:
            tc.run(args)
        self.assertIn("wrote no results", str(raised.exception))
        with open(os.path.join(self.logdir, "xtf-harness.log")) as f:
            self.assertIn("GUEST_LOGGING_OFF", f.read(), "the doctor says why")


if __name__ == "__main__":
    unittest.main()
