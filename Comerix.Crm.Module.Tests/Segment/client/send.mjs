// Sends a small, realistic stream with the real @segment/analytics-node client, unchanged, to the URL and write
// key it is given (COMERIX_URL, COMERIX_WRITE_KEY). SegmentClientTests asserts the contacts that result.
import { Analytics } from '@segment/analytics-node'

const analytics = new Analytics({
  writeKey: process.env.COMERIX_WRITE_KEY,
  host: process.env.COMERIX_URL,
  flushAt: 15,
  flushInterval: 200,
  maxRetries: 2,
})
analytics.on('error', (error) => {
  console.error('delivery failed:', error?.reason ?? error)
  process.exitCode = 1
})

analytics.page({ anonymousId: 'node-anon-1', name: 'Pricing', properties: { url: 'https://shop.test/pricing' } })
analytics.identify({
  userId: 'node-user-1',
  anonymousId: 'node-anon-1',
  traits: { email: 'Node.User@Segment.test', firstName: 'Node', lastName: 'User', plan: 'pro' },
})
analytics.track({ userId: 'node-user-1', event: 'Order Completed', properties: { orderId: 'o-1', revenue: 30, currency: 'USD' } })
analytics.page({ anonymousId: 'node-anon-2', name: 'Docs' })
analytics.alias({ previousId: 'node-anon-2', userId: 'node-user-1' })
// More than one batch's worth of anonymous visitors.
for (let i = 0; i < 25; i++) {
  analytics.track({ anonymousId: `node-visitor-${i}`, event: 'Viewed Product', properties: { sku: `sku-${i}` } })
}
await analytics.closeAndFlush({ timeout: 20000 })
console.log('flushed')
