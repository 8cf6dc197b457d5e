import { describe, expect, it } from 'vitest';
import { checkBlocks } from '../renderers/slackLimits.js';
import { decodeOffer, encodeOffer, SHARE_CHANNEL_ACTION_ID, shareOfferMessage } from './shareOffer.js';
import type { ShareOffer } from './shareOffer.js';

const offer: ShareOffer = { sessionId: 'abc-1', channel: 'C0TEAM', messageTs: '1764000001.000100', threadTs: null, url: 'https://kap.acme.dev/s/abc-1', sharer: 'U0JO' };

describe('the "Share with #channel?" offer', () => {
  it('round-trips through the button value', () => {
    expect(decodeOffer(encodeOffer(offer))).toEqual(offer);
    expect(decodeOffer(encodeOffer({ ...offer, threadTs: '1764000000.000100', sharer: null }))).toEqual({ ...offer, threadTs: '1764000000.000100', sharer: null });
  });

  it('reads nothing from a value Kap did not make', () => {
    for (const value of [undefined, '', 'abc-1', '[]', 'null', '{"s":"abc-1","c":"C0TEAM","t":"1.2"}', '{"s":1,"c":"C","t":"1.2","u":"x"}']) expect(decodeOffer(value)).toBeUndefined();
  });

  it('shows the button within Slack\'s limits, or the command when the link is too long for a button value', () => {
    const message = shareOfferMessage(offer, 'U0DANA');
    expect(checkBlocks(message.blocks)).toEqual([]);
    expect(message.text).toContain('<@U0JO> pasted');
    expect(JSON.stringify(message.blocks)).toContain(SHARE_CHANNEL_ACTION_ID);
    expect(shareOfferMessage({ ...offer, sharer: 'U0DANA' }, 'U0DANA').text).toContain('You pasted');
    const long = shareOfferMessage({ ...offer, url: `https://kap.acme.dev/s/abc-1?${'x'.repeat(3000)}` }, 'U0DANA');
    expect(JSON.stringify(long.blocks)).not.toContain(SHARE_CHANNEL_ACTION_ID);
    expect(JSON.stringify(long.blocks)).toContain('/kap share abc-1');
  });
});
