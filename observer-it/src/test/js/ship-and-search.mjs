// Ships a file of log lines to an Elasticsearch-compatible endpoint with the official JavaScript
// client's bulk helper, then searches and counts them through the same client; prints one JSON
// object with what the client reported. ElasticsearchApiIT runs it:
//   node ship-and-search.mjs <baseUrl> <index> <file> <query_string>
import { readFileSync } from 'node:fs'
import { Client } from '@elastic/elasticsearch'

const [node, index, file, query] = process.argv.slice(2)
const lines = readFileSync(file, 'utf8').split('\n').filter(line => line.length > 0)
const client = new Client({ node, requestTimeout: 60000 })

// one second apart from a fixed day, so that every log has its own @timestamp
const start = Date.parse('2025-07-11T00:00:00Z')
const dropped = []
const bulk = await client.helpers.bulk({
  datasource: lines.map((message, i) => ({ '@timestamp': new Date(start + i * 1000).toISOString(), message, line: i })),
  onDocument: () => ({ index: { _index: index } }),
  onDrop: drop => dropped.push({ status: drop.status, error: drop.error }),
  flushBytes: 32 * 1024,
  concurrency: 3,
  // passed on to every _bulk request: its logs are searchable when it is answered
  refresh: 'wait_for'
})

const info = await client.info()
const found = await client.search({ index, size: 3, query: { query_string: { query } } })
const matching = await client.count({ index, query: { query_string: { query } } })
const all = await client.count({ index })

console.log(JSON.stringify({
  version: info.version.number,
  bulk: { total: bulk.total, successful: bulk.successful, failed: bulk.failed, retry: bulk.retry, aborted: bulk.aborted },
  dropped: dropped.slice(0, 5),
  search: { total: found.hits.total.value, hits: found.hits.hits.map(hit => hit._source) },
  count: { matching: matching.count, all: all.count }
}))
