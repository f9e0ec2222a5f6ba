"""The .seq snippet names a testcase that exists and arguments it takes."""

import os
import sys
import unittest
import xml.etree.ElementTree as ElementTree

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "standin"))
sys.path.insert(0, os.path.join(HERE, ".."))

import tc_xtf_harness  # noqa: E402


class SeqTest(unittest.TestCase):

    def test_names_the_testcase_class_and_arguments_it_accepts(self):
        seq = ElementTree.parse(os.path.join(HERE, "..", "xtf-harness.seq")).getroot()
        (testcase,) = seq.iter("testcase")
        module, cls = testcase.get("id").split(".")

        self.assertEqual(module, "tc_xtf_harness")
        tc = getattr(tc_xtf_harness, cls)()
        args = tc.parseArgs([a.text for a in testcase.iter("arg")])
        self.assertEqual(sorted(args), ["jobs", "selection", "timeout"])
        self.assertEqual(tc.seconds(args, "timeout", 1), 3600)


if __name__ == "__main__":
    unittest.main()
