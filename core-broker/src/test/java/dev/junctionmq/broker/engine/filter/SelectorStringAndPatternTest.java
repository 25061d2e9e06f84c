package dev.junctionmq.broker.engine.filter;

import static dev.junctionmq.broker.engine.filter.MapSubject.with;
import static dev.junctionmq.broker.engine.filter.SelectorAssertions.assertDoesNotMatch;
import static dev.junctionmq.broker.engine.filter.SelectorAssertions.assertMatches;

import org.junit.jupiter.api.Test;

/** Jakarta Messaging 3.1, 3.8.1.2: string equality, LIKE, IN, BETWEEN, IS NULL, and type mismatches. */
class SelectorStringAndPatternTest {

    @Test
    void stringEqualityIsExactAndCaseSensitive() {
        assertMatches("color = 'red'", with("color", "red"));
        assertDoesNotMatch("color = 'red'", with("color", "Red"));
        assertDoesNotMatch("color = 'red'", with("color", "red "));
        assertDoesNotMatch("color = 'red'", with("color", "blue"));
        assertDoesNotMatch("color = 'red'", with());
    }

    @Test
    void stringInequality() {
        assertMatches("color <> 'red'", with("color", "blue"));
        assertDoesNotMatch("color <> 'red'", with("color", "red"));
        assertDoesNotMatch("color <> 'red'", with());
    }

    @Test
    void doubledQuoteInALiteralIsOneQuote() {
        assertMatches("name = 'O''Brien'", with("name", "O'Brien"));
        assertDoesNotMatch("name = 'O''Brien'", with("name", "O''Brien"));
    }

    @Test
    void identifiersAreCaseSensitive() {
        assertDoesNotMatch("color = 'red'", with("Color", "red"));
        assertMatches("Color = 'red'", with("Color", "red"));
    }

    @Test
    void aStringComparedWithANumberIsNotAMatch() {
        assertDoesNotMatch("price = '10'", with("price", 10));
        assertDoesNotMatch("code = 10", with("code", "10"));
        assertDoesNotMatch("code > 5", with("code", "10"));
        assertDoesNotMatch("code BETWEEN 5 AND 15", with("code", "10"));
        assertDoesNotMatch("flag = 'true'", with("flag", true));
        assertDoesNotMatch("flag = 1", with("flag", true));
    }

    /**
     * Jakarta Messaging says comparing unlike types is FALSE for every operator, but Artemis evaluates
     * {@code a <> b} as {@code NOT (a = b)}. Pinned here so that a change in Artemis is noticed.
     */
    @Test
    void knownDeviationNotEqualBetweenAStringAndANumberIsTrue() {
        assertMatches("code <> 10", with("code", "10"));
        assertMatches("price <> '10'", with("price", 10));
    }

    @Test
    void likeWithPercentMatchesAnySequence() {
        assertMatches("name LIKE 'ab%'", with("name", "abc"));
        assertMatches("name LIKE 'ab%'", with("name", "ab"));
        assertDoesNotMatch("name LIKE 'ab%'", with("name", "xab"));
        assertMatches("name LIKE '%b%'", with("name", "abc"));
        assertMatches("name LIKE 'line1%'", with("name", "line1\nline2"));
        assertDoesNotMatch("name LIKE 'ab%'", with());
    }

    @Test
    void likeWithUnderscoreMatchesExactlyOneCharacter() {
        assertMatches("name LIKE '_bc'", with("name", "abc"));
        assertDoesNotMatch("name LIKE '_bc'", with("name", "bc"));
        assertDoesNotMatch("name LIKE '_bc'", with("name", "aabc"));
    }

    @Test
    void likeIsCaseSensitiveAndTreatsOtherCharactersLiterally() {
        assertDoesNotMatch("name LIKE 'AB%'", with("name", "abc"));
        assertMatches("name LIKE 'a.c'", with("name", "a.c"));
        assertDoesNotMatch("name LIKE 'a.c'", with("name", "abc"));
        assertMatches("name LIKE '[x]*'", with("name", "[x]*"));
    }

    @Test
    void likeEscapeMakesWildcardsLiteral() {
        assertMatches("name LIKE '%\\_%' ESCAPE '\\'", with("name", "a_b"));
        assertDoesNotMatch("name LIKE '%\\_%' ESCAPE '\\'", with("name", "ab"));
        assertMatches("discount LIKE '100!%' ESCAPE '!'", with("discount", "100%"));
        assertDoesNotMatch("discount LIKE '100!%' ESCAPE '!'", with("discount", "1000"));
    }

    @Test
    void notLike() {
        assertMatches("name NOT LIKE 'ab%'", with("name", "xyz"));
        assertDoesNotMatch("name NOT LIKE 'ab%'", with("name", "abc"));
        assertDoesNotMatch("name NOT LIKE 'ab%'", with());
    }

    @Test
    void likeOnANumberIsNotAMatch() {
        assertDoesNotMatch("code LIKE '1%'", with("code", 123));
    }

    @Test
    void inMatchesAnyListedString() {
        assertMatches("country IN ('UK', 'US', 'FR')", with("country", "US"));
        assertDoesNotMatch("country IN ('UK', 'US', 'FR')", with("country", "DE"));
        assertDoesNotMatch("country IN ('UK', 'US', 'FR')", with("country", "us"));
        assertDoesNotMatch("country IN ('UK', 'US', 'FR')", with());
    }

    @Test
    void notInMatchesUnlistedStringsButNotAbsentProperties() {
        assertMatches("country NOT IN ('UK', 'US')", with("country", "DE"));
        assertDoesNotMatch("country NOT IN ('UK', 'US')", with("country", "UK"));
        assertDoesNotMatch("country NOT IN ('UK', 'US')", with());
    }

    @Test
    void betweenIncludesBothEnds() {
        assertMatches("age BETWEEN 15 AND 19", with("age", 15));
        assertMatches("age BETWEEN 15 AND 19", with("age", 17L));
        assertMatches("age BETWEEN 15 AND 19", with("age", 19));
        assertDoesNotMatch("age BETWEEN 15 AND 19", with("age", 14));
        assertDoesNotMatch("age BETWEEN 15 AND 19", with("age", 20));
        assertDoesNotMatch("age BETWEEN 15 AND 19", with("age", 19.5));
        assertDoesNotMatch("age BETWEEN 15 AND 19", with());
    }

    @Test
    void notBetweenExcludesTheRangeAndAbsentProperties() {
        assertMatches("age NOT BETWEEN 15 AND 19", with("age", 14));
        assertMatches("age NOT BETWEEN 15 AND 19", with("age", 20.5));
        assertDoesNotMatch("age NOT BETWEEN 15 AND 19", with("age", 15));
        assertDoesNotMatch("age NOT BETWEEN 15 AND 19", with("age", 17));
        assertDoesNotMatch("age NOT BETWEEN 15 AND 19", with());
    }

    @Test
    void isNullMatchesAbsentProperties() {
        assertMatches("region IS NULL", with());
        assertDoesNotMatch("region IS NULL", with("region", "eu"));
        assertMatches("region IS NOT NULL", with("region", "eu"));
        assertMatches("region IS NOT NULL", with("region", ""));
        assertDoesNotMatch("region IS NOT NULL", with());
    }
}
