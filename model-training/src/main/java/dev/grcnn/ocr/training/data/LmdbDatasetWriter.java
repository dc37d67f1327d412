package dev.grcnn.ocr.training.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * Writes a dataset in the CRNN LMDB layout. Samples are committed in transactions of a thousand,
 * each with the running {@code num-samples}, so an interrupted write leaves a readable dataset of
 * the samples committed so far.
 */
public final class LmdbDatasetWriter implements AutoCloseable {

  /** Virtual size of the map: LMDB grows the file as it fills, up to this. */
  private static final long MAP_SIZE = 1L << 40;

  private static final int COMMIT_EVERY = 1000;

  private final Env<byte[]> env;
  private final Dbi<byte[]> db;
  private Txn<byte[]> txn;
  private int count;

  private LmdbDatasetWriter(Env<byte[]> env, Dbi<byte[]> db) {
    this.env = env;
    this.db = db;
  }

  /**
   * Creates a new dataset in an empty or missing folder.
   *
   * @throws IOException when the folder already holds a database
   */
  public static LmdbDatasetWriter create(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (Files.exists(dir.resolve("data.mdb"))) {
      throw new IOException(dir + " already holds a dataset; choose a new folder");
    }
    try {
      Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMapSize(MAP_SIZE).open(dir.toFile());
      Dbi<byte[]> db = env.openDbi((byte[]) null, DbiFlags.MDB_CREATE);
      return new LmdbDatasetWriter(env, db);
    } catch (LmdbException e) {
      throw new IOException("cannot create LMDB at " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Appends a sample; returns its 1-based index. */
  public int add(byte[] image, String label) {
    return add(image, label, null);
  }

  /** Appends a sample with its lexicon (comma-separated words, or null); returns its index. */
  public int add(byte[] image, String label, String lexicon) {
    if (txn == null) {
      txn = env.txnWrite();
    }
    int index = ++count;
    db.put(txn, LmdbDataset.key("image", index), image);
    db.put(txn, LmdbDataset.key("label", index), label.getBytes(StandardCharsets.UTF_8));
    if (lexicon != null) {
      db.put(txn, LmdbDataset.key("lexicon", index), lexicon.getBytes(StandardCharsets.UTF_8));
    }
    if (index % COMMIT_EVERY == 0) {
      commit();
    }
    return index;
  }

  /** Samples written so far. */
  public int count() {
    return count;
  }

  private void commit() {
    if (txn == null) {
      txn = env.txnWrite();
    }
    db.put(
        txn,
        LmdbDataset.key("num-samples"),
        Integer.toString(count).getBytes(StandardCharsets.US_ASCII));
    txn.commit();
    txn.close();
    txn = null;
  }

  /** Commits what is pending and closes the database. */
  @Override
  public void close() {
    try {
      commit();
    } finally {
      env.close();
    }
  }
}
