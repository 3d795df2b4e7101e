// What kind of address an IP address is, for the guards that refuse to reach internal ones: safeFetch (every
// address a host resolves to) and webhook targets given as literal addresses.
import net from 'node:net'

/** How an address is classified; anything but 'public' is refused unless private addresses are allowed. */
export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'carrier-grade NAT' | 'multicast' | 'reserved' | 'invalid'

function parseIPv4(s: string): [number, number, number, number] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s)
  if (!m) return null
  const parts = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number]
  return parts.every((p) => p <= 255) ? parts : null
}

/** The eight 16-bit groups of an IPv6 address (zone id ignored, embedded dotted IPv4 accepted), or null. */
function parseIPv6(input: string): number[] | null {
  let s = input.split('%')[0]!.toLowerCase()
  const lastColon = s.lastIndexOf(':')
  if (lastColon === -1) return null
  const tail = s.slice(lastColon + 1)
  if (tail.includes('.')) {
    const v4 = parseIPv4(tail)
    if (!v4) return null
    s = `${s.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`
  }
  const halves = s.split('::')
  if (halves.length > 2) return null
  const head = halves[0] ? halves[0].split(':') : []
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : []
  let groups: string[]
  if (halves.length === 1) groups = head
  else {
    const fill = 8 - head.length - rest.length
    if (fill < 1) return null
    groups = [...head, ...Array<string>(fill).fill('0'), ...rest]
  }
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null
  return groups.map((g) => parseInt(g, 16))
}

function classifyIPv4([a, b, c]: [number, number, number, number]): AddressClass {
  if (a === 0) return 'unspecified' // 0.0.0.0/8, "this network": connecting to it reaches the local host
  if (a === 127) return 'loopback'
  if (a === 10) return 'private'
  if (a === 172 && b >= 16 && b <= 31) return 'private'
  if (a === 192 && b === 168) return 'private'
  if (a === 169 && b === 254) return 'link-local' // includes the cloud metadata service 169.254.169.254
  if (a === 100 && b >= 64 && b <= 127) return 'carrier-grade NAT'
  if (a === 192 && b === 0 && c === 0) return 'reserved' // IETF protocol assignments
  if (a === 198 && (b === 18 || b === 19)) return 'reserved' // benchmarking
  if (a >= 224 && a <= 239) return 'multicast'
  if (a >= 240) return 'reserved' // includes the broadcast address 255.255.255.255
  return 'public'
}

const v4From = (hi: number, lo: number): [number, number, number, number] => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]

function classifyIPv6(g: number[]): AddressClass {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number]
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0)
  if (zeroTo(8)) return 'unspecified'
  if (zeroTo(7) && g7 === 1) return 'loopback'
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-translated ::ffff:0:a.b.c.d: the IPv4 address decides.
  if (zeroTo(5) && g5 === 0xffff) return classifyIPv4(v4From(g6, g7))
  if (zeroTo(4) && g4 === 0xffff && g5 === 0) return classifyIPv4(v4From(g6, g7))
  // IPv4-compatible ::a.b.c.d (deprecated): never a legitimate destination.
  if (zeroTo(6)) return 'reserved'
  // NAT64 (64:ff9b::/96): a NAT64 gateway forwards to the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return classifyIPv4(v4From(g6, g7))
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'private' // local-use NAT64 64:ff9b:1::/48
  // 6to4 (2002::/16): the relay forwards to the IPv4 address in the next 32 bits.
  if (g0 === 0x2002) {
    const inner = classifyIPv4(v4From(g1, g2))
    if (inner !== 'public') return inner
  }
  if ((g0 & 0xfe00) === 0xfc00) return 'private' // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfec0) return 'private' // site-local fec0::/10 (deprecated)
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local' // fe80::/10
  if ((g0 & 0xff00) === 0xff00) return 'multicast'
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return 'reserved' // discard-only 100::/64
  if (g0 === 0x2001 && g1 === 0xdb8) return 'reserved' // documentation
  return 'public'
}

/**
 * The class of an IP address: 'public' for one safe to connect to on behalf of a user, else why not
 * ('loopback', 'private', 'link-local', 'unspecified', 'carrier-grade NAT', 'multicast', 'reserved'), and
 * 'invalid' for text that is not an IP address. IPv6 forms embedding an IPv4 address (mapped, NAT64, 6to4)
 * are classified by that IPv4 address.
 */
export function classifyAddress(address: string): AddressClass {
  const s = address.trim().replace(/^\[|\]$/g, '')
  const family = net.isIP(s.split('%')[0]!)
  if (family === 4) {
    const v4 = parseIPv4(s)
    return v4 ? classifyIPv4(v4) : 'invalid'
  }
  if (family === 6) {
    const groups = parseIPv6(s)
    return groups ? classifyIPv6(groups) : 'invalid'
  }
  return 'invalid'
}
