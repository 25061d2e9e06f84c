package dev.junctionmq.broker.engine.filter;

import static dev.junctionmq.broker.engine.filter.MapSubject.with;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A parsed selector keeps its text, and a message it cannot be evaluated on is simply not delivered. */
class SelectorEvaluationTest {

    @Test
    void expressionIsTheSelectorAsGiven() {
        SelectorFilter filter = SelectorFilter.parse("  color = 'red'  ");

        assertThat(filter.expression()).isEqualTo("  color = 'red'  ");
        assertThat(filter).hasToString("  color = 'red'  ");
        assertThat(filter).isEqualTo(SelectorFilter.parse("  color = 'red'  "))
                .isNotEqualTo(SelectorFilter.parse("color = 'red'"));
    }

    @Test
    void arithmeticOnAStringPropertyDoesNotMatchAndDoesNotThrow() {
        assertThat(SelectorFilter.parse("a * 2 = 4").matches(with("a", "2"))).isFalse();
        assertThat(SelectorFilter.parse("NOT (a * 2 = 4)").matches(with("a", "2"))).isFalse();
        assertThat(SelectorFilter.parse("a - 1 > 0").matches(with("a", "x"))).isFalse();
    }

    @Test
    void propertyOfAnUnsupportedTypeDoesNotMatchAndDoesNotThrow() {
        assertThat(SelectorFilter.parse("data = 1").matches(with("data", new byte[] {1}))).isFalse();
        assertThat(SelectorFilter.parse("data > 1").matches(with("data", new Object()))).isFalse();
    }

    @Test
    void subjectThatFailsDoesNotMatchAndDoesNotThrow() {
        FilterSubject broken = new FilterSubject() {
            @Override
            public String tag() {
                return null;
            }

            @Override
            public Object property(String name) {
                throw new IllegalStateException("message body is corrupt");
            }
        };

        assertThat(SelectorFilter.parse("a = 1").matches(broken)).isFalse();
    }

    @Test
    void oneFilterCanBeUsedFromManyThreads() throws InterruptedException {
        SelectorFilter filter = SelectorFilter.parse("name LIKE 'a%' AND n BETWEEN 1 AND 10");
        int threads = 4;
        boolean[] allCorrect = new boolean[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            workers[t] = new Thread(() -> {
                boolean correct = true;
                for (int i = 0; i < 10_000; i++) {
                    boolean expected = i % 20 >= 1 && i % 20 <= 10;
                    correct &= filter.matches(with("name", "abc", "n", i % 20)) == expected;
                }
                allCorrect[index] = correct;
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(allCorrect).containsOnly(true);
    }
}
