import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chatbotCode,
  chatbotText,
  fitEscaped,
  htmlText,
  safeJson,
  slackCode,
  slackCodeBlock,
  slackText,
  truncate,
} from '../../shared/render/escape.js';
import { fitLines, truncateMarkdownLine } from '../../shared/render/markdown-fit.js';

describe('slackText', () => {
  it('escapes the three characters Slack reads as control sequences', () => {
    assert.equal(slackText('<!channel> & <@U012AB3CD>'), '&lt;!channel&gt; &amp; &lt;@U012AB3CD&gt;');
  });

  it('replaces emphasis, strike and code characters with look-alikes', () => {
    assert.equal(
      slackText('*bold* _it_ ~s~ `c`'),
      '\u2217bold\u2217 \u02cdit\u02cd \u223cs\u223c \u02cbc\u02cb',
    );
  });

  it('keeps mention words from notifying and a quote from starting', () => {
    assert.equal(slackText('@here and @channel'), '@\u2060here and @\u2060channel');
    assert.equal(slackText('> quote'), '\u2060&gt; quote');
  });

  it('shows line breaks and bidi overrides as visible escapes', () => {
    assert.equal(slackText('a\r\nb\u202e'), 'a\\r\\nb\\u202e');
  });
});

describe('slackCode and slackCodeBlock', () => {
  it('keep characters exact inside the code, entities aside', () => {
    assert.equal(slackCode('a*b_c~d<e>'), '`a*b_c~d&lt;e&gt;`');
    assert.equal(slackCodeBlock('aws s3 cp s3://x/* .'), '```aws s3 cp s3://x/* .```');
  });

  it('never let a backtick in the data close the code early', () => {
    assert.equal(slackCode('a`b'), '`a\u02cbb`');
    assert.equal(slackCodeBlock('```x```'), '```\u02cb\u02cb\u02cbx\u02cb\u02cb\u02cb```');
  });

  it('names an empty value rather than render an empty span', () => {
    assert.equal(slackCode(''), '(empty)');
  });
});

describe('chatbotText and chatbotCode', () => {
  it('turn angle brackets into look-alikes and break markdown links', () => {
    assert.equal(
      chatbotText('<!here> [x](https://e.example)'),
      '\u2039!here\u203a [x]\u2060(https://e.example)',
    );
    assert.equal(chatbotCode('<b>*x*</b>'), '`\u2039b\u203a*x*\u2039/b\u203a`');
  });
});

describe('htmlText', () => {
  it('escapes markup and quotes', () => {
    assert.equal(
      htmlText(`<script>alert("x")</script>&'`),
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;',
    );
  });
});

describe('truncate', () => {
  it('ends a cut with a visible ellipsis and never splits an emoji', () => {
    assert.equal(truncate('abcdef', 4), 'abc…');
    assert.equal(truncate('ab\u{1f680}cd', 4), 'ab…');
    assert.equal(truncate('abc', 3), 'abc');
  });
});

describe('fitEscaped', () => {
  it('cuts the raw text so no entity or code span is broken', () => {
    const fitted = fitEscaped('&&&&&&&&&&', slackCode, 20);
    assert.ok(fitted.length <= 20);
    assert.match(fitted, /^`(&amp;)+…`$/);
  });
});

describe('safeJson', () => {
  it('writes invisible characters as escapes that parse back to the same value', () => {
    const value = { key: 'a\u2028b\u202ec\u0085' };
    const json = safeJson(value);
    assert.doesNotMatch(json, /[\u2028\u202e\u0085]/);
    assert.deepEqual(JSON.parse(json), value);
  });
});

describe('truncateMarkdownLine', () => {
  it('closes a code span the cut left open', () => {
    assert.equal(truncateMarkdownLine('key `abcdefghij`', 10), 'key `abc…`');
  });
});

describe('fitLines', () => {
  it('drops whole lines and says how many', () => {
    const text = fitLines(['one', 'two', 'three', 'four'], 14, (count) => `+${count}`);
    assert.equal(text, 'one\ntwo\n+2');
  });

  it('cuts a first line that alone is too long', () => {
    const text = fitLines(['x'.repeat(50), 'y'], 20, (count) => `+${count}`);
    assert.ok(text.length <= 20);
    assert.match(text, /^x+…\n\+1$/);
  });
});
