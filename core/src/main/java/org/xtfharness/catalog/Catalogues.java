package org.xtfharness.catalog;

import org.xtfharness.host.HostFiles;

/** Where catalogues come from. */
public final class Catalogues {

    private Catalogues() {}

    /**
     * Reads an installed (or built) XTF tree: every {@code DIR/tests/<name>/info.json} and the cfg
     * files beside it. The tree may be on a remote host; it is read only through {@code files}.
     *
     * @param files how the host's files are read
     * @param xtfDir the XTF directory, the one holding {@code tests/}
     * @return the catalogue, sorted by test name, environment and variation
     * @throws org.xtfharness.error.ConfigurationException naming every file that is wrong and how
     */
    public static Catalogue xtfTree(HostFiles files, String xtfDir) {
        return new XtfTreeCatalogue(files, xtfDir).load();
    }

    /**
     * Like {@link #xtfTree}, but leaves broken tests out, as xtf-runner does, instead of refusing
     * the tree; {@link Catalogue#skipped()} names each problem. A tree with no test left is still
     * refused.
     */
    public static Catalogue xtfTreeSkippingBroken(HostFiles files, String xtfDir) {
        return new XtfTreeCatalogue(files, xtfDir).load(true);
    }
}
