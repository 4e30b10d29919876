// The Chinese catalogue uses the glossary's term wherever the English template uses the English term.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EN } from '../../src/messages/catalog';
import { GLOSSARY } from '../../src/messages/glossary';
import { ZH_CN } from '../../src/messages/zh-cn';

const uses = (text: string, term: string): boolean => new RegExp(`(^|[^A-Za-z])${term.replace(/[-]/g, '\\-')}([^A-Za-z]|$)`, 'i').test(text);

describe('glossary', () => {
  it('has one Chinese term per English term', () => {
    const seen = new Map<string, string>();
    for (const g of GLOSSARY)
      for (const en of g.en) {
        assert.ok(!seen.has(en) || seen.get(en) === g.zh, `${en}: ${seen.get(en)} and ${g.zh}`);
        seen.set(en, g.zh);
      }
  });

  it('the zh-CN catalogue uses the main terms where the English does', () => {
    const misses: string[] = [];
    for (const [code, en] of Object.entries(EN)) {
      const zh = ZH_CN[code as keyof typeof EN];
      for (const g of GLOSSARY.filter((x) => x.main)) {
        if (g.en.some((term) => uses(en, term)) && !zh.includes(g.zh)) misses.push(`${code}: "${g.en[0]}" → ${g.zh} missing in ${JSON.stringify(zh)}`);
      }
    }
    assert.deepEqual(misses, []);
  });
});
