// KafkajsIT's client. kafkajs speaks the Kafka protocol with its own code (no librdkafka, no Java), so it checks the
// local server's Kafka face against a second reading of the protocol.
//
// Produces MESSAGES records (acks -1) to TOPIC, then reads the topic from the start with consumer group GROUP until it
// has seen EXPECT records, commits what it read, and reads the group's committed offsets back. Prints one line
// "RESULT <json>" on stdout and exits 0; any failure prints the error on stderr and exits 1; past TIMEOUT_MS it exits 2.
// With CA_FILE it connects with TLS, trusting that PEM certificate; with SASL_USERNAME it authenticates with SASL
// PLAIN (password SASL_PASSWORD), as a client of OCI Streaming does.
'use strict'

const fs = require('fs')
const { Kafka, Partitioners, logLevel } = require('kafkajs')

const bootstrap = required('BOOTSTRAP')
const topic = required('TOPIC')
const group = required('GROUP')
const messages = Number(required('MESSAGES'))
const expect = Number(required('EXPECT'))
const timeoutMs = Number(process.env.TIMEOUT_MS || 60000)

function required (name) {
  const v = process.env[name]
  if (!v) {
    console.error(`environment variable ${name} is not set`)
    process.exit(1)
  }
  return v
}

// never hang: the Java side waits for us
setTimeout(() => {
  console.error(`kafkajs round trip did not finish within ${timeoutMs} ms`)
  process.exit(2)
}, timeoutMs).unref()

async function main () {
  const kafka = new Kafka({
    clientId: 'kafkajs-it',
    brokers: [bootstrap],
    ssl: process.env.CA_FILE ? { ca: [fs.readFileSync(process.env.CA_FILE)] } : false,
    sasl: process.env.SASL_USERNAME
      ? { mechanism: 'plain', username: process.env.SASL_USERNAME, password: process.env.SASL_PASSWORD || '' }
      : undefined,
    logLevel: logLevel.WARN,
    retry: { retries: 5 }
  })

  // the service has no idempotent producers; false is kafkajs' default, said here so it stays so. The partitioner is
  // named because kafkajs warns about its change of default partitioner when it is not.
  const producer = kafka.producer({
    idempotent: false,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner
  })
  await producer.connect()
  const sent = []
  for (let i = 0; i < messages; i++) {
    const [meta] = await producer.send({
      topic,
      acks: -1,
      messages: [{ key: `kafkajs-key-${i}`, value: `kafkajs-${i}` }]
    })
    sent.push({ key: `kafkajs-key-${i}`, partition: meta.partition, offset: Number(meta.baseOffset) })
  }
  await producer.disconnect()

  const consumer = kafka.consumer({ groupId: group, allowAutoTopicCreation: false })
  await consumer.connect()
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  const consumed = []
  const next = new Map() // partition -> next offset to read, what a Kafka commit stores
  let allRead
  const done = new Promise(resolve => { allRead = resolve })
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      consumed.push({
        key: message.key === null ? null : message.key.toString(),
        value: message.value.toString(),
        partition,
        offset: Number(message.offset),
        timestamp: Number(message.timestamp)
      })
      next.set(partition, Number(message.offset) + 1)
      if (consumed.length >= expect) {
        allRead()
      }
    }
  })
  await done
  const commits = [...next].map(([partition, offset]) => ({ topic, partition, offset: String(offset) }))
  await consumer.commitOffsets(commits)
  await consumer.disconnect()

  const admin = kafka.admin()
  await admin.connect()
  const [fetched] = await admin.fetchOffsets({ groupId: group, topics: [topic] })
  await admin.disconnect()
  const committed = fetched.partitions.map(p => ({ partition: p.partition, offset: Number(p.offset) }))

  console.log('RESULT ' + JSON.stringify({ sent, consumed, committed }))
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e && e.stack ? e.stack : String(e))
    process.exit(1)
  })
