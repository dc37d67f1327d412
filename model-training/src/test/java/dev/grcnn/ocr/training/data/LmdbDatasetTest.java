package dev.grcnn.ocr.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

class LmdbDatasetTest {

  @TempDir Path dir;

  @Test
  void writtenSamplesReadBackInOrderFromSeveralThreads() throws Exception {
    Random random = new Random(1);
    List<byte[]> images = new ArrayList<>();
    Path db = dir.resolve("db");
    try (LmdbDatasetWriter writer = LmdbDatasetWriter.create(db)) {
      for (int i = 0; i < 2500; i++) {
        byte[] image = new byte[50 + random.nextInt(500)];
        random.nextBytes(image);
        images.add(image);
        writer.add(image, "word" + i, i % 2 == 0 ? "a,b,word" + i : null);
      }
    }
    try (LmdbDataset dataset = LmdbDataset.open(db)) {
      assertEquals(2500, dataset.size());
      LmdbDataset.Record r = dataset.record(1);
      assertEquals("word0", r.label());
      assertEquals("a,b,word0", r.lexicon());
      assertNull(dataset.record(2).lexicon());
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<Boolean>> checks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        checks.add(
            pool.submit(
                () -> {
                  for (int i = offset; i < 2500; i += 4) {
                    if (!java.util.Arrays.equals(images.get(i), dataset.get(i).image())
                        || !dataset.get(i).label().equals("word" + i)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> f : checks) {
        assertTrue(f.get());
      }
      pool.shutdown();
      assertThrows(IndexOutOfBoundsException.class, () -> dataset.record(2501));
    }
  }

  /** Writes what CRNN's create_dataset.py writes: ASCII keys, raw values, str(n) as the count. */
  @Test
  void aDatabaseInTheSeedFormatReadsAsItIs() throws IOException {
    Path db = dir.resolve("seed");
    java.nio.file.Files.createDirectories(db);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    try (Env<byte[]> env =
        Env.create(ByteArrayProxy.PROXY_BA).setMapSize(1L << 30).open(db.toFile())) {
      Dbi<byte[]> dbi = env.openDbi((byte[]) null, DbiFlags.MDB_CREATE);
      try (Txn<byte[]> txn = env.txnWrite()) {
        for (int i = 1; i <= 3; i++) {
          dbi.put(txn, ascii("image-%09d".formatted(i)), png);
          dbi.put(
              txn,
              ascii("label-%09d".formatted(i)),
              ("Label" + i).getBytes(StandardCharsets.UTF_8));
        }
        dbi.put(txn, ascii("lexicon-000000002"), ascii("one,two"));
        dbi.put(txn, ascii("num-samples"), ascii("3"));
        txn.commit();
      }
    }
    try (LmdbDataset dataset = LmdbDataset.open(db)) {
      assertEquals(3, dataset.size());
      assertEquals("Label3", dataset.get(2).label());
      assertArrayEquals(png, dataset.record(1).image());
      assertEquals("one,two", dataset.record(2).lexicon());
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void foldersThatAreNotDatasetsAreRefused() throws IOException {
    IOException e = assertThrows(IOException.class, () -> LmdbDataset.open(dir));
    assertTrue(e.getMessage().contains("not an LMDB dataset"));
    Path db = dir.resolve("db");
    LmdbDatasetWriter.create(db).close();
    assertThrows(IOException.class, () -> LmdbDatasetWriter.create(db));
  }
}
