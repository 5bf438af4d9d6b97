package cn.minhang.citymgmt.ingest;

import java.io.Serializable;

/**
 * The bytes [start, start + length) of one file that one task reads. A gzip file is always one
 * split (its stream cannot be entered in the middle); a plain file is cut every
 * {@code ingest.split_bytes} bytes, and each split reads the lines that start inside it, as
 * Hadoop's line reader does.
 *
 * @param file    the file, its path relative to the input root
 * @param uri     its full path, as the file system opens it
 * @param index   0 for the split holding the header, then 1, 2, … in byte order
 * @param whole   whether this split is the whole file
 */
public record DeliverySplit(DeliveryFile file, String uri, int index, long start, long length, boolean whole)
        implements Serializable {
    public long end() {
        return start + length;
    }
}
