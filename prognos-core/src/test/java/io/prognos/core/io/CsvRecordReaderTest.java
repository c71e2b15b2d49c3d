package io.prognos.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;

import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

    @Test
    void splitsQuotedFieldsAcrossLinesAndKeepsLineNumbers() throws IOException {
        CsvRecordReader reader = reader("a,\"multi\nline, \"\"quoted\"\"\",c\r\n,,\n\"x\" ,y\n");

        CsvRecord first = reader.next();
        CsvRecord second = reader.next();
        CsvRecord third = reader.next();

        assertThat(first.line()).isEqualTo(1);
        assertThat(first.fields()).containsExactly("a", "multi\nline, \"quoted\"", "c");
        assertThat(second.line()).isEqualTo(3);
        assertThat(second.fields()).containsExactly("", "", "");
        assertThat(third.fields()).containsExactly("x", "y");
        assertThat(reader.next()).isNull();
    }

    @Test
    void rejectsTextAfterAClosingQuote() throws IOException {
        CsvRecordReader reader = reader("ok\n\"a\"b,c\n");
        reader.next();

        assertThatThrownBy(reader::next)
                .isInstanceOf(DataFormatException.class)
                .hasMessage("mem:2: unexpected character 'b' after the closing quote of field 1");
    }

    private static CsvRecordReader reader(String text) {
        return new CsvRecordReader(new BufferedReader(new StringReader(text)), ',', "mem");
    }
}
