package io.github.bertner.io;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TextSegmenterTest {

    private static List<String> texts(String text, List<TextRange> ranges) {
        return ranges.stream().map(r -> text.substring(r.begin(), r.end())).toList();
    }

    @Test
    void splitsWordsPunctuationAndHyphens() {
        String t = "Нью-Йорк, 5,56 мм; O'Neil\u200Bсказал (т.е. «да»)!";
        assertEquals(List.of("Нью", "-", "Йорк", ",", "5,56", "мм", ";", "O'Neil", "сказал", "(", "т", ".", "е",
                ".", "«", "да", "»", ")", "!"), texts(t, TextSegmenter.tokenize(t)));
    }

    @Test
    void splitsSentencesOnTerminatorsAndLineBreaks() {
        String t = "Путин прибыл в г. Москву. В. В. Путин сказал: «Да!» Потом ушёл?\nЗаголовок без точки\n"
                + "Mr. Smith left. 2019 was \"good.\" Next one";
        Segmentation s = TextSegmenter.segment(t);
        assertEquals(List.of("Путин прибыл в г. Москву.", "В. В. Путин сказал: «Да!»", "Потом ушёл?",
                "Заголовок без точки", "Mr. Smith left.", "2019 was \"good.\"", "Next one"),
                texts(t, s.sentences()));
    }

    @Test
    void noBreakBeforeLowerCase() {
        String t = "Он пришёл в 10 ч. утра и ушёл.";
        assertEquals(List.of(t), texts(t, TextSegmenter.segment(t).sentences()));
    }

    @Test
    void cutsTokensAtAnnotationBoundariesAndCountsIt() {
        String t = "агентстваAssociated Press сообщило";
        int b = t.indexOf("Associated");
        Segmentation s = TextSegmenter.segment(t, List.of(new TextRange(b, b + "Associated Press".length())));
        assertEquals(List.of("агентства", "Associated", "Press", "сообщило"), texts(t, s.tokens()));
        assertEquals(1, s.tokenSplits());
    }

    @Test
    void keepsAnAnnotationInsideOneSentence() {
        String t = "Компания ООО «Рога и Копыта\nи Ко» работает. Дальше.";
        int b = t.indexOf("ООО");
        int e = t.indexOf("»") + 1;
        Segmentation s = TextSegmenter.segment(t, List.of(new TextRange(b, e)));
        assertEquals(List.of("Компания ООО «Рога и Копыта\nи Ко» работает.", "Дальше."), texts(t, s.sentences()));
        assertEquals(1, s.sentenceMerges());
        assertEquals(0, s.tokenSplits());
    }

    @Test
    void emptyAndBlankTexts() {
        assertEquals(0, TextSegmenter.segment("").tokens().size());
        assertEquals(0, TextSegmenter.segment(" \n\u200B ").sentences().size());
    }
}
