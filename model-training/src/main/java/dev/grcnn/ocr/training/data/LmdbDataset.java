package dev.grcnn.ocr.training.data;

import dev.grcnn.ocr.training.train.LabeledImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * A read-only dataset in the CRNN LMDB layout: {@code num-samples}, and for i = 1..n {@code
 * image-%09d} (encoded image bytes), {@code label-%09d} (UTF-8) and optionally {@code
 * lexicon-%09d}. Databases written by CRNN's {@code create_dataset.py} read as they are. Reads are
 * safe from several threads (each opens its own read transaction; the environment has no
 * thread-local reader slots).
 */
public final class LmdbDataset implements LabeledImages, AutoCloseable {

  /** One stored sample, 1-based index. */
  public record Record(int index, byte[] image, String label, String lexicon) {}

  private final Path dir;
  private final Env<byte[]> env;
  private final Dbi<byte[]> db;
  private final int size;

  private LmdbDataset(Path dir, Env<byte[]> env, Dbi<byte[]> db, int size) {
    this.dir = dir;
    this.env = env;
    this.db = db;
    this.size = size;
  }

  /** Whether a folder holds an LMDB environment. */
  public static boolean isLmdb(Path dir) {
    return Files.isRegularFile(dir.resolve("data.mdb"));
  }

  /**
   * Opens a dataset.
   *
   * @throws IOException when the folder is not an LMDB dataset of this layout
   */
  public static LmdbDataset open(Path dir) throws IOException {
    if (!isLmdb(dir)) {
      throw new IOException(dir + " is not an LMDB dataset (no data.mdb)");
    }
    Env<byte[]> env;
    try {
      env =
          Env.create(ByteArrayProxy.PROXY_BA)
              .setMaxReaders(256)
              .open(dir.toFile(), EnvFlags.MDB_RDONLY_ENV, EnvFlags.MDB_NOTLS, EnvFlags.MDB_NOLOCK);
    } catch (LmdbException e) {
      throw new IOException("cannot open LMDB at " + dir + ": " + e.getMessage(), e);
    }
    try {
      Dbi<byte[]> db = env.openDbi((byte[]) null);
      byte[] count;
      try (Txn<byte[]> txn = env.txnRead()) {
        count = db.get(txn, key("num-samples"));
      }
      if (count == null) {
        throw new IOException(dir + " has no num-samples key: not a dataset of the CRNN layout");
      }
      int n;
      try {
        n = Integer.parseInt(new String(count, StandardCharsets.US_ASCII).strip());
      } catch (NumberFormatException e) {
        throw new IOException(dir + ": num-samples is not a number", e);
      }
      return new LmdbDataset(dir, env, db, n);
    } catch (IOException | RuntimeException e) {
      env.close();
      throw e;
    }
  }

  static byte[] key(String k) {
    return k.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] key(String kind, int index) {
    return key(String.format("%s-%09d", kind, index));
  }

  @Override
  public int size() {
    return size;
  }

  /**
   * Reads a record by its 1-based index.
   *
   * @throws UncheckedIOException when the index is missing from the database
   */
  public Record record(int index) {
    if (index < 1 || index > size) {
      throw new IndexOutOfBoundsException("sample " + index + " of " + size);
    }
    try (Txn<byte[]> txn = env.txnRead()) {
      byte[] image = db.get(txn, key("image", index));
      byte[] label = db.get(txn, key("label", index));
      byte[] lexicon = db.get(txn, key("lexicon", index));
      if (image == null || label == null) {
        throw new UncheckedIOException(
            new IOException(dir + " lacks image or label " + index + " of " + size));
      }
      return new Record(
          index,
          image,
          new String(label, StandardCharsets.UTF_8),
          lexicon == null ? null : new String(lexicon, StandardCharsets.UTF_8));
    }
  }

  /** The sample at a 0-based index, for training. */
  @Override
  public Sample get(int index) {
    Record r = record(index + 1);
    return new Sample(r.image(), r.label());
  }

  @Override
  public void close() {
    env.close();
  }
}
