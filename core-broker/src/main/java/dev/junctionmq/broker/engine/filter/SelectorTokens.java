package dev.junctionmq.broker.engine.filter;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.apache.activemq.artemis.selector.strict.SimpleCharStream;
import org.apache.activemq.artemis.selector.strict.StrictParserConstants;
import org.apache.activemq.artemis.selector.strict.StrictParserTokenManager;
import org.apache.activemq.artemis.selector.strict.Token;
import org.apache.activemq.artemis.selector.strict.TokenMgrError;

/** Splits a selector into tokens with the same lexer Artemis's selector parser uses. */
final class SelectorTokens {

    private SelectorTokens() {
    }

    /**
     * The selector's tokens, without the end-of-input token.
     *
     * @throws TokenMgrError if the selector contains something that is not a token (an {@link Error}, as
     *         Artemis's generated lexer reports it)
     */
    static List<Token> of(String selector) {
        StrictParserTokenManager lexer = new StrictParserTokenManager(new SimpleCharStream(new StringReader(selector)));
        List<Token> tokens = new ArrayList<>();
        for (Token token = lexer.getNextToken(); token.kind != StrictParserConstants.EOF; token = lexer.getNextToken()) {
            tokens.add(token);
        }
        return tokens;
    }

    static boolean is(Token token, int kind) {
        return token != null && token.kind == kind;
    }

    static boolean is(Token token, String image) {
        return token != null && image.equals(token.image);
    }
}
