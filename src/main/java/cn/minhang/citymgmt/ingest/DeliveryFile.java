package cn.minhang.citymgmt.ingest;

import java.io.Serializable;

/**
 * One delivered file as the listing saw it: its path relative to the input root (the name the
 * quarantine and the cleaned tables carry), its size and its modification time.
 */
public record DeliveryFile(String path, long length, long modifiedAt) implements Serializable {
    public boolean gzipped() {
        return path.endsWith(".gz");
    }
}
