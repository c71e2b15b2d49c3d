package io.prognos.core.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens a file that may or may not be gzip-compressed, deciding by the gzip magic bytes {@code 1f 8b}
 * rather than by the file name, so that {@code data.npy}, {@code data.npy.gz} and a compressed file
 * without the suffix all read the same way.
 *
 * <p>A corrupt or truncated gzip stream surfaces as a {@link DataFormatException} naming the file,
 * not as a bare {@link ZipException}.
 */
public final class GzipDetectingInput {

    private static final int BUFFER_SIZE = 1 << 16;
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private GzipDetectingInput() {
    }

    /** A buffered stream of the file's (decompressed) content; the caller closes it. */
    public static InputStream open(Path path) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), BUFFER_SIZE);
        try {
            if (!startsWithGzipMagic(raw)) {
                return raw;
            }
            return new GzipErrorTranslator(
                    new BufferedInputStream(new GZIPInputStream(raw, BUFFER_SIZE), BUFFER_SIZE), path.toString());
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The whole (decompressed) content of the file. */
    public static byte[] readAllBytes(Path path) throws IOException {
        try (InputStream in = open(path)) {
            return in.readAllBytes();
        }
    }

    private static boolean startsWithGzipMagic(InputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2;
    }

    /** Turns the decompressor's low-level complaints into a message that names the file. */
    private static final class GzipErrorTranslator extends FilterInputStream {
        private final String source;

        GzipErrorTranslator(InputStream in, String source) {
            super(in);
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (ZipException | EOFException e) {
                throw corrupt(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (ZipException | EOFException e) {
                throw corrupt(e);
            }
        }

        private DataFormatException corrupt(IOException e) {
            return new DataFormatException(source, DataFormatException.NO_LINE,
                    "gzip data is corrupt or truncated (" + e.getMessage() + ")", e);
        }
    }
}
