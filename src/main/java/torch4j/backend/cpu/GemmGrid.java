package torch4j.backend.cpu;

/**
 * How {@link CpuGemm} cuts C into a grid of {@code tm x tn} blocks, one per thread, with every cut
 * on a whole register tile so that only C's own edges make partial tiles.
 *
 * <p>The grid is the one whose blocks cost least to prepare. A block of the ordinary product packs
 * its columns of B and reads its rows of A in place; a block of the transposed product (see
 * {@link GemmKernel#transposes}) packs its rows of A, reads B in place and writes C through a
 * transposing copy. Packing an element costs about eight times reading it in place (a strip of A
 * read in place stays in cache for the whole panel row). So ordinary products are mostly cut by
 * columns: each thread packs only its share of B. Transposed ones, the forward product of a
 * Linear layer (a batch of 64 rows times a transposed 784x256 weight), are cut by rows.
 */
final class GemmGrid {
    /** A read in place costs this fraction of packing the element. */
    private static final int READ_DIVISOR = 8;
    /**
     * Writing an element of C through the transposed product's copy costs about as much as packing
     * this many elements (measured on Zen 4); {@link GemmVector#transposes} breaks even with it.
     */
    static final int TRANSPOSED_WRITE_COST = 4;

    /** Block rows and block columns. */
    private final int tm, tn;
    private final int m, n, rowUnit, colUnit, rowTiles, colTiles;

    private GemmGrid(int tm, int tn, int m, int n, int rowUnit, int colUnit) {
        this.tm = tm;
        this.tn = tn;
        this.m = m;
        this.n = n;
        this.rowUnit = rowUnit;
        this.colUnit = colUnit;
        this.rowTiles = ceilDiv(m, rowUnit);
        this.colTiles = ceilDiv(n, colUnit);
    }

    /**
     * The cheapest grid of {@code threads} blocks for an {@code m x n x k} product whose B has
     * strides {@code bRs, bCs}, {@code panel} being the dtype's tile width; with fewer blocks when
     * C has too few tiles to give each thread one (1 x 1 at worst).
     */
    static GemmGrid plan(GemmKernel kernel, int threads, int m, int n, int k, int bRs, int bCs, int panel) {
        int mr = kernel.tileRows();
        for (int t = threads; t > 1; t--) {
            GemmGrid best = null;
            long bestCost = Long.MAX_VALUE;
            for (int tm = 1; tm <= t; tm++) {
                if (t % tm != 0) continue;
                int tn = t / tm, mb = ceilDiv(m, tm), nb = ceilDiv(n, tn);
                boolean transposed = kernel.transposes(mb, nb, k, bRs, bCs, panel);
                // The transposed product's tiles run down C's columns: its row tiles are panels.
                GemmGrid g = transposed ? new GemmGrid(tm, tn, m, n, panel, mr) : new GemmGrid(tm, tn, m, n, mr, panel);
                if (tm > g.rowTiles || tn > g.colTiles) continue;
                long cost = transposed
                        ? (long) mb * k + (long) nb * k / READ_DIVISOR + (long) TRANSPOSED_WRITE_COST * mb * nb
                        : (long) nb * k + (long) mb * k / READ_DIVISOR;
                if (cost < bestCost) {
                    bestCost = cost;
                    best = g;
                }
            }
            if (best != null) return best;
        }
        return new GemmGrid(1, 1, m, n, mr, panel);
    }

    int blocks() {
        return tm * tn;
    }

    /** First row of block {@code b}'s rows (blocks are numbered row-major over the grid). */
    int rowStart(int b) {
        return cut(rowTiles, tm, b / tn) * rowUnit;
    }

    int rowEnd(int b) {
        return Math.min(m, cut(rowTiles, tm, b / tn + 1) * rowUnit);
    }

    int colStart(int b) {
        return cut(colTiles, tn, b % tn) * colUnit;
    }

    int colEnd(int b) {
        return Math.min(n, cut(colTiles, tn, b % tn + 1) * colUnit);
    }

    @Override
    public String toString() {
        return tm + " x " + tn;
    }

    /** Start of part {@code i} of {@code total} units cut into {@code parts} near-equal parts. */
    private static int cut(int total, int parts, int i) {
        return (int) ((long) total * i / parts);
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
