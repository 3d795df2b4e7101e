import { expect, it } from 'vitest'
import { collectGarbage, garbageCollector } from './heap.ts'

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

it('collects garbage on demand: an unreachable object is gone after collectGarbage', async () => {
  let ref: WeakRef<object> | undefined = (() => new WeakRef({ big: new Array(1000).fill('x') }))()
  await tick() // WeakRef targets live until the end of the job that created them
  collectGarbage()
  expect(ref.deref()).toBeUndefined()
  ref = undefined
})

it('garbageCollector collects once `every` units have been added', async () => {
  const gc = garbageCollector(100)
  const ref = (() => new WeakRef({ payload: new Array(1000).fill('y') }))()
  await tick()
  gc.add(60)
  // V8 may collect on its own at any time, so only the forced collection is asserted.
  gc.add(40)
  expect(ref.deref()).toBeUndefined()
})
