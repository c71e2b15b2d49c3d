package io.prognos.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prognos.core.io.CsvSeriesOptions.EpochUnit;
import io.prognos.core.series.TimeSeriesFrame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSeriesReaderTest {

    private static final long JAN_2_2024_030405 = Instant.parse("2024-01-02T03:04:05Z").toEpochMilli();

    @TempDir
    Path dir;

    @Test
    void readsIsoTimestampsAndAllOtherColumnsByDefault() throws IOException {
        Path file = csv("timestamp,temperature,pressure\n"
                + "2024-01-02T03:04:05Z,20.5,1013\n"
                + "2024-01-02T03:04:06Z,-1.25e1,1014.5\n");

        TimeSeriesFrame frame = CsvSeriesReader.withDefaults().read(file);

        assertThat(frame.source()).isEqualTo(file.toString());
        assertThat(frame.columns()).containsExactly("temperature", "pressure");
        assertThat(frame.timestamps()).containsExactly(JAN_2_2024_030405, JAN_2_2024_030405 + 1000);
        assertThat(frame.rows()).isDeepEqualTo(new double[][] {{20.5, 1013}, {-12.5, 1014.5}});
    }

    @Test
    void readsIsoTimestampsWithOffsetsFractionsNoZoneAndDatesOnly() throws IOException {
        Path file = csv("Time,v\n"
                + "2024-01-02T03:04:05+01:00,1\n"
                + "2024-01-02T03:04:05.250+0100,2\n"
                + "2024-01-02T03:04:05.5,3\n"
                + "2024-01-03,4\n"
                + "2024-01-03T00:00:00.001z,5\n");

        TimeSeriesFrame frame = CsvSeriesReader.withDefaults().read(file);

        long oneHour = 3_600_000;
        long jan3 = Instant.parse("2024-01-03T00:00:00Z").toEpochMilli();
        assertThat(frame.timestamps()).containsExactly(JAN_2_2024_030405 - oneHour, JAN_2_2024_030405 - oneHour + 250,
                JAN_2_2024_030405 + 500, jan3, jan3 + 1);
    }

    @Test
    void readsSpaceSeparatedDateTimesAsInNabAndEtt() throws IOException {
        Path nab = csv("timestamp,value\n2014-04-01 00:00:00,19.761251903\n2014-04-01 00:05:00,20.500833287\n");
        Path ett = csv("date,HUFL,OT\n2016-07-01 00:00:00,5.827,30.5310001373291\n2016-07-01 01:00:00,5.693,27.78\n");

        TimeSeriesFrame nabFrame = CsvSeriesReader.withDefaults().read(nab);
        TimeSeriesFrame ettFrame = CsvSeriesReader.withDefaults().read(ett);

        long april1 = Instant.parse("2014-04-01T00:00:00Z").toEpochMilli();
        assertThat(nabFrame.timestamps()).containsExactly(april1, april1 + 300_000);
        assertThat(nabFrame.column(0)).containsExactly(19.761251903, 20.500833287);
        long july1 = Instant.parse("2016-07-01T00:00:00Z").toEpochMilli();
        assertThat(ettFrame.timestamps()).containsExactly(july1, july1 + 3_600_000);
        assertThat(ettFrame.columns()).containsExactly("HUFL", "OT");
        assertThat(ettFrame.rows()[0]).containsExactly(5.827, 30.5310001373291);
    }

    @Test
    void readsMinutePrecisionLeapDaysAndLowerCaseSeparators() throws IOException {
        Path file = csv("timestamp,v\n2024-02-28T23:59,1\n2024-02-29 00:00:01,2\n2024-02-29t00:00:02z,3\n");

        TimeSeriesFrame frame = CsvSeriesReader.withDefaults().read(file);

        long feb29 = Instant.parse("2024-02-29T00:00:00Z").toEpochMilli();
        assertThat(frame.timestamps()).containsExactly(feb29 - 60_000, feb29 + 1000, feb29 + 2000);
        assertFailure(csv("timestamp,v\n2023-02-29,1\n"), 2, "cannot parse timestamp '2023-02-29'",
                "'2023' is not a leap year");
        assertFailure(csv("timestamp,v\n2023-01-01 24:00:00,1\n"), 2, "cannot parse timestamp '2023-01-01 24:00:00'");
    }

    @Test
    void readsEpochSecondsIncludingFractions() throws IOException {
        Path file = csv("time,v\n1704164645,1\n1704164645.5,2\n1704164646.123,3\n");

        TimeSeriesFrame frame = CsvSeriesReader.withDefaults().read(file);

        assertThat(frame.timestamps()).containsExactly(JAN_2_2024_030405, JAN_2_2024_030405 + 500,
                JAN_2_2024_030405 + 1123);
    }

    @Test
    void readsEpochMillisecondsFromTheirMagnitude() throws IOException {
        Path file = csv("datetime,v\n1704164645000,1\n1704164645001,2\n");

        TimeSeriesFrame frame = CsvSeriesReader.withDefaults().read(file);

        assertThat(frame.timestamps()).containsExactly(JAN_2_2024_030405, JAN_2_2024_030405 + 1);
    }

    @Test
    void usesTheConfiguredEpochUnitForSmallRelativeTimes() throws IOException {
        Path file = csv("t,v\n0,1\n10,2\n20,3\n");

        TimeSeriesFrame seconds = new CsvSeriesReader(CsvSeriesOptions.builder().timestampColumn("t").build()).read(file);
        TimeSeriesFrame millis = new CsvSeriesReader(CsvSeriesOptions.builder().timestampColumn("t")
                .epochUnit(EpochUnit.MILLISECONDS).build()).read(file);

        assertThat(seconds.timestamps()).containsExactly(0, 10_000, 20_000);
        assertThat(millis.timestamps()).containsExactly(0, 10, 20);
    }

    @Test
    void readsFilesWithoutTimestamps() throws IOException {
        Path file = csv("a,b\n1,2\n3,4\n");

        TimeSeriesFrame frame = CsvSeriesReader.withDefaults().read(file);

        assertThat(frame.hasTimestamps()).isFalse();
        assertThat(frame.rows()).isDeepEqualTo(new double[][] {{1, 2}, {3, 4}});
    }

    @Test
    void parsesQuotedFieldsWithDelimitersAndDoubledQuotes() throws IOException {
        Path file = csv("timestamp,\"temp, \"\"inner\"\"\",other\n"
                + "\"2024-01-02 03:04:05\",\"1.5\",\"x,y\"\n");

        TimeSeriesFrame frame = new CsvSeriesReader(CsvSeriesOptions.builder()
                .valueColumns("temp, \"inner\"").build()).read(file);

        assertThat(frame.columns()).containsExactly("temp, \"inner\"");
        assertThat(frame.timestamps()).containsExactly(JAN_2_2024_030405);
        assertThat(frame.rows()).isDeepEqualTo(new double[][] {{1.5}});
    }

    @Test
    void keepsEmptyFieldsAsNaNAndSpecialValuesAsTheyAre() throws IOException {
        Path file = csv("a,b,c\n,nan,inf\n1, ,-Infinity\n\"\",NaN,-inf\n");

        TimeSeriesFrame frame = CsvSeriesReader.withDefaults().read(file);

        assertThat(frame.length()).isEqualTo(3);
        assertThat(frame.rows()[0]).containsExactly(Double.NaN, Double.NaN, Double.POSITIVE_INFINITY);
        assertThat(frame.rows()[1]).containsExactly(1, Double.NaN, Double.NEGATIVE_INFINITY);
        assertThat(frame.rows()[2]).containsExactly(Double.NaN, Double.NaN, Double.NEGATIVE_INFINITY);
    }

    @Test
    void selectsAndOrdersValueColumnsAndHonoursTheDelimiter() throws IOException {
        Path file = csv("x;when;y;z\n1;2024-01-02;2;3\n");

        TimeSeriesFrame frame = new CsvSeriesReader(CsvSeriesOptions.builder().delimiter(';')
                .timestampColumn("when").valueColumns("z", "x").build()).read(file);

        assertThat(frame.columns()).containsExactly("z", "x");
        assertThat(frame.rows()).isDeepEqualTo(new double[][] {{3, 1}});
        assertThat(frame.timestamps()).containsExactly(Instant.parse("2024-01-02T00:00:00Z").toEpochMilli());
    }

    @Test
    void readsGzipDetectedByContentWithCrlfAndTrailingBlankLines() throws IOException {
        byte[] text = "timestamp,v\r\n2024-01-02T03:04:05Z,1\r\n2024-01-02T03:04:06Z,2\r\n\r\n  \r\n"
                .getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("series.csv"), NpyTestFiles.gzip(text));

        TimeSeriesFrame frame = CsvSeriesReader.withDefaults().read(file);

        assertThat(frame.timestamps()).containsExactly(JAN_2_2024_030405, JAN_2_2024_030405 + 1000);
        assertThat(frame.column(0)).containsExactly(1, 2);
    }

    @Test
    void readsAHeaderOnlyFileAsAnEmptyFrame() throws IOException {
        TimeSeriesFrame frame = CsvSeriesReader.withDefaults().read(csv("\uFEFFtimestamp,v\n"));

        assertThat(frame.length()).isZero();
        assertThat(frame.columns()).containsExactly("v");
        assertThat(frame.timestamps()).isEmpty();
    }

    @Test
    void treatsBlankLinesInASingleColumnFileAsMissingValues() throws IOException {
        TimeSeriesFrame frame = CsvSeriesReader.withDefaults().read(csv("v\n1\n\n3\n\n"));

        assertThat(frame.column(0)).containsExactly(1, Double.NaN, 3);
    }

    @Test
    void allowsNonIncreasingTimestampsWhenAsked() throws IOException {
        Path file = csv("timestamp,v\n2024-01-02 00:00:02,1\n2024-01-02 00:00:02,2\n2024-01-02 00:00:01,3\n");

        TimeSeriesFrame frame = new CsvSeriesReader(CsvSeriesOptions.builder().allowNonIncreasingTimestamps().build())
                .read(file);

        long jan2 = Instant.parse("2024-01-02T00:00:00Z").toEpochMilli();
        assertThat(frame.timestamps()).containsExactly(jan2 + 2000, jan2 + 2000, jan2 + 1000);
    }

    // ---- errors --------------------------------------------------------------------------------------------

    @Test
    void rejectsAWrongFieldCountWithTheLineNumber() {
        Path file = csv("timestamp,a,b\n2024-01-02,1,2\n2024-01-03,1,2,3\n");

        assertFailure(file, 3, "expected 3 fields (as in the header) but found 4");
    }

    @Test
    void rejectsAnUnparsableNumberNamingColumnAndText() {
        Path file = csv("a,b\n1,2\n3,4\n5,12abc\n");

        assertFailure(file, 4, "column 'b': cannot parse '12abc' as a number");
    }

    @Test
    void rejectsJavaOnlyNumberSpellings() {
        assertFailure(csv("a\n1.5d\n"), 2, "cannot parse '1.5d'");
        assertFailure(csv("a\n0x1p3\n"), 2, "cannot parse '0x1p3'");
    }

    @Test
    void rejectsUnparsableTimestamps() {
        assertFailure(csv("timestamp,v\n2024-02-30 00:00:00,1\n"), 2,
                "column 'timestamp': cannot parse timestamp '2024-02-30 00:00:00'", "FEBRUARY 30");
        assertFailure(csv("timestamp,v\n2024-01-01,1\n1704164645,2\n"), 3,
                "cannot parse timestamp '1704164645'", "earlier timestamps are ISO-8601");
        assertFailure(csv("timestamp,v\n1704164645,1\nyesterday,2\n"), 3,
                "cannot parse timestamp 'yesterday'", "epoch number");
        assertFailure(csv("timestamp,v\n,1\n"), 2, "column 'timestamp': empty timestamp");
    }

    @Test
    void rejectsDuplicateAndDecreasingTimestamps() {
        assertFailure(csv("timestamp,v\n2024-01-01T23:00:00Z,0\n2024-01-02T00:00:00Z,1\n2024-01-02T00:00:00Z,2\n"), 4,
                "timestamp 2024-01-02T00:00:00Z is not after the previous one (line 3, 2024-01-02T00:00:00Z)");
        assertFailure(csv("timestamp,v\n1704164646,1\n1704164645,2\n"), 3,
                "timestamp 2024-01-02T03:04:05Z is not after the previous one (line 2, 2024-01-02T03:04:06Z)");
    }

    @Test
    void rejectsNamedColumnsThatAreNotInTheHeader() {
        Path file = csv("timestamp,a\n2024-01-01,1\n");

        assertThatThrownBy(() -> new CsvSeriesReader(CsvSeriesOptions.builder().valueColumns("b").build()).read(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(file + ":1: column 'b' is not in the header; columns are [timestamp, a]");
        assertThatThrownBy(() -> new CsvSeriesReader(CsvSeriesOptions.builder().timestampColumn("ts").build()).read(file))
                .hasMessage(file + ":1: column 'ts' is not in the header; columns are [timestamp, a]");
    }

    @Test
    void rejectsEmptyFilesAmbiguousTimestampColumnsAndInnerBlankLines() {
        Path empty = csv("\n\n");
        assertThatThrownBy(() -> CsvSeriesReader.withDefaults().read(empty))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(empty + ": empty file: there is no header line");
        assertFailure(csv("date,time,v\n2024-01-01,00:00,1\n"), 1, "columns 'date' and 'time' both look like timestamps");
        assertFailure(csv("a,b\n1,2\n\n3,4\n"), 3, "blank line inside the data");
        assertFailure(csv("a,a\n1,2\n"), 1, "column 'a' appears more than once");
        assertFailure(csv("a,b\n\"1,2\n"), 2, "quoted field is never closed");
    }

    @Test
    void validatesOptions() {
        assertThatThrownBy(() -> CsvSeriesOptions.builder().timestampColumn(" ").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-blank name");
        assertThatThrownBy(() -> CsvSeriesOptions.builder().valueColumns("a", "a").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' is listed twice");
        assertThatThrownBy(() -> CsvSeriesOptions.builder().timestampColumn("t").valueColumns("t").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both the timestamp and a value");
        assertThatThrownBy(() -> CsvSeriesOptions.builder().delimiter('"').build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CsvSeriesOptions.defaults()).isEqualTo(new CsvSeriesOptions(
                CsvSeriesOptions.TimestampColumn.AUTO_DETECT, null, java.util.List.of(), ',', EpochUnit.AUTO, true));
    }

    private int fileCounter;

    private Path csv(String content) {
        try {
            return Files.writeString(dir.resolve("data" + (fileCounter++) + ".csv"), content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertFailure(Path file, int line, String... fragments) {
        assertThatThrownBy(() -> CsvSeriesReader.withDefaults().read(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContainingAll(fragments)
                .satisfies(e -> assertThat(((DataFormatException) e).line()).isEqualTo(line));
    }
}
