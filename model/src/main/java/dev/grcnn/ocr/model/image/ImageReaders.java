package dev.grcnn.ocr.model.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ServiceRegistry;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image readers the decoder uses: the JDK's own and the ImageIO plugins that sit beside this
 * class (TwelveMonkeys' JPEG reader, which converts CMYK and YCCK, and its WebP reader), in the
 * order the plugins ask for (TwelveMonkeys' JPEG before the JDK's).
 *
 * <p>Why not {@code ImageIO.getImageReaders}: ImageIO's registry is one per JVM and finds plugins
 * through the context class loader of the thread that first touches ImageIO (or calls {@code
 * scanForPlugins}). In a Flink TaskManager that is whichever code came first, often not the job's
 * user-code class loader that holds the plugins, so CMYK JPEGs would go black and WebP would be
 * "not an image" depending on what ran before; and registering the job's plugins there would pin
 * its class loader after the job ends. A registry of our own, filled from this class's loader,
 * depends on neither.
 */
final class ImageReaders {

  private static final Logger LOG = LoggerFactory.getLogger(ImageReaders.class);

  private static final List<ImageReaderSpi> PROVIDERS = load();

  private ImageReaders() {}

  /** The first reader that recognises the stream, positioned where it was; empty when none does. */
  static Optional<ImageReader> forInput(ImageInputStream in) throws IOException {
    for (ImageReaderSpi provider : PROVIDERS) {
      in.mark();
      boolean canDecode;
      try {
        canDecode = provider.canDecodeInput(in);
      } catch (IOException | RuntimeException e) {
        // Too short for this provider's signature (an EOF), as ImageIO's own lookup treats it.
        canDecode = false;
      } finally {
        in.reset();
      }
      if (canDecode) {
        return Optional.of(provider.createReaderInstance());
      }
    }
    return Optional.empty();
  }

  /** Class names of the providers, in the order they are asked. */
  static List<String> providerNames() {
    List<String> names = new ArrayList<>();
    for (ImageReaderSpi provider : PROVIDERS) {
      names.add(provider.getClass().getName());
    }
    return names;
  }

  private static List<ImageReaderSpi> load() {
    ServiceRegistry registry =
        new ServiceRegistry(List.<Class<?>>of(ImageReaderSpi.class).iterator());
    // The JDK's readers first: TwelveMonkeys' JPEG provider looks its delegate up in the registry
    // it joins and orders itself before it.
    Iterator<ImageReaderSpi> defaults =
        IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, false);
    while (defaults.hasNext()) {
      ImageReaderSpi provider = defaults.next();
      if (provider.getClass().getClassLoader() == null) {
        registry.registerServiceProvider(provider, ImageReaderSpi.class);
      }
    }
    Iterator<ImageReaderSpi> plugins =
        ServiceLoader.load(ImageReaderSpi.class, ImageReaders.class.getClassLoader()).iterator();
    while (true) {
      try {
        if (!plugins.hasNext()) {
          break;
        }
        registry.registerServiceProvider(plugins.next(), ImageReaderSpi.class);
      } catch (ServiceConfigurationError e) {
        // Another jar's broken plugin must not take the decoder down with it.
        LOG.warn("ImageIO reader plugin skipped: {}", e.getMessage());
      }
    }
    List<ImageReaderSpi> ordered = new ArrayList<>();
    registry.getServiceProviders(ImageReaderSpi.class, true).forEachRemaining(ordered::add);
    return List.copyOf(ordered);
  }
}
