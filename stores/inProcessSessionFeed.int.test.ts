import { describeSessionFeedContract } from './sessionFeed.contract.js';
import { createInProcessSessionFeed } from './inProcessSessionFeed.js';

// One process: the projections and the web share the same instance.
describeSessionFeedContract('in-process', () => {
  const feed = createInProcessSessionFeed();
  return { publisher: feed, subscriber: feed };
});
