// Sends identify + track with the real @rudderstack/rudder-sdk-node, at its defaults (gzip on, its batching, its
// retries), to the URL and write key it is given (COMERIX_URL, COMERIX_WRITE_KEY). SegmentClientTests asserts the
// contact that results. Nothing here changes what the SDK sends: the request headers are only watched, through
// Node's diagnostics channel, and printed so the test can tell the wire format it checked.
import diagnostics from 'node:diagnostics_channel'
import Analytics from '@rudderstack/rudder-sdk-node'

diagnostics.subscribe('http.client.request.start', ({ request }) => {
  console.log(`sent ${request.method} ${request.path} content-type=${request.getHeader('content-type')} ` +
    `content-encoding=${request.getHeader('content-encoding')}`)
})

const client = new Analytics(process.env.COMERIX_WRITE_KEY, { dataPlaneUrl: process.env.COMERIX_URL })
client.identify({
  userId: 'rudder-user-1',
  anonymousId: 'rudder-anon-1',
  traits: { email: 'Rudder.User@Rudder.test', firstName: 'Rudder', lastName: 'User' },
})
client.track({ userId: 'rudder-user-1', event: 'Order Completed', properties: { orderId: 'r-1', revenue: 42, currency: 'EUR' } })
client.page({ userId: 'rudder-user-1', name: 'Receipt', properties: { url: 'https://shop.test/receipt/r-1' } })
// The first message went at once; the others wait for flushAt (20) or flushInterval (10 s): flush them now.
// A refusal rejects (the SDK's default when no errorHandler is set), so node exits non-zero.
await client.flush()
console.log('flushed')
