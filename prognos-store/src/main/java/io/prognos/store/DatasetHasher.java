package io.prognos.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * SHA-256 of a dataset's exact rows: for each series in the order given, its sensor id, then every
 * (timestamp, value) pair as big-endian int64 and IEEE-754 float64 bits (NaN canonicalised). The same
 * rows always give the same hash, on any machine and database; any changed, added or removed row
 * changes it.
 */
public final class DatasetHasher {

    private final MessageDigest digest = ArtifactStore.digest();
    private final ByteBuffer buffer = ByteBuffer.allocate(16 * 4096);
    private long rows;

    /**
     * Adds a description of how the rows were derived (canonical text such as sorted JSON), so that a
     * derived version whose rows happen to equal its parent's is still a version of its own.
     */
    public DatasetHasher describe(String derivation) {
        byte[] text = derivation.getBytes(StandardCharsets.UTF_8);
        flush();
        digest.update(ByteBuffer.allocate(4).putInt(text.length).array());
        digest.update(text);
        return this;
    }

    /** Adds one sensor's rows. */
    public DatasetHasher add(TelemetrySeries series) {
        byte[] id = series.sensorId().getBytes(StandardCharsets.UTF_8);
        flush();
        digest.update(ByteBuffer.allocate(4).putInt(id.length).array());
        digest.update(id);
        digest.update(ByteBuffer.allocate(8).putLong(series.size()).array());
        for (int i = 0; i < series.size(); i++) {
            if (buffer.remaining() < 16) {
                flush();
            }
            buffer.putLong(series.timestamps()[i]);
            buffer.putLong(Double.doubleToLongBits(series.values()[i]));
        }
        flush();
        rows += series.size();
        return this;
    }

    public long rows() {
        return rows;
    }

    /** The hex digest; the hasher cannot be used afterwards. */
    public String hash() {
        flush();
        return HexFormat.of().formatHex(digest.digest());
    }

    private void flush() {
        buffer.flip();
        digest.update(buffer);
        buffer.clear();
    }
}
