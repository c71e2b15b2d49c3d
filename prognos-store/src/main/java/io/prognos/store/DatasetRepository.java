package io.prognos.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Dataset versions and their lineage. Saving the same version twice is harmless. */
public final class DatasetRepository {

    private final Database db;

    public DatasetRepository(Database db) {
        this.db = db;
    }

    public DatasetVersion save(DatasetVersion v) {
        if (v.parentHash() != null && find(v.parentHash()).isEmpty()) {
            throw new StoreException("dataset " + v.hash() + " names parent " + v.parentHash() + ", which is not stored");
        }
        db.jdbi().useHandle(h -> h.createUpdate("""
                        INSERT INTO dataset_version (dataset_hash, sensors, start_ts, end_ts, row_count, parent_hash,
                            preprocessing, created_at)
                        VALUES (:hash, :sensors, :start, :end, :rows, :parent, :pre, :now)
                        ON CONFLICT (dataset_hash) DO NOTHING""")
                .bind("hash", v.hash()).bind("sensors", Json.write(v.sensors())).bind("start", v.startMillis())
                .bind("end", v.endMillis()).bind("rows", v.rowCount()).bind("parent", v.parentHash())
                .bind("pre", Json.write(v.preprocessing())).bind("now", System.currentTimeMillis())
                .execute());
        return v;
    }

    public Optional<DatasetVersion> find(String hash) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM dataset_version WHERE dataset_hash = :h")
                .bind("h", hash).map((rs, ctx) -> version(rs)).findOne());
    }

    /** The version and its ancestors, from the given one back to the raw data. */
    public List<DatasetVersion> lineage(String hash) {
        List<DatasetVersion> chain = new ArrayList<>();
        String next = hash;
        while (next != null) {
            String current = next;
            DatasetVersion v = find(current).orElseThrow(() -> new StoreException("dataset version " + current
                    + " is not stored"));
            chain.add(v);
            next = v.parentHash();
            if (chain.size() > 10_000) {
                throw new StoreException("dataset lineage of " + hash + " does not end: a cycle in parent versions");
            }
        }
        return chain;
    }

    private static DatasetVersion version(ResultSet rs) throws SQLException {
        try {
            List<String> sensors = new ObjectMapper().readValue(rs.getString("sensors"), new TypeReference<List<String>>() { });
            return new DatasetVersion(rs.getString("dataset_hash"), sensors, rs.getLong("start_ts"), rs.getLong("end_ts"),
                    rs.getLong("row_count"), rs.getString("parent_hash"), Json.readObject(rs.getString("preprocessing")));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException("dataset version " + rs.getString("dataset_hash") + " has malformed sensors: "
                    + e.getOriginalMessage());
        }
    }
}
