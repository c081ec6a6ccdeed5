"""Verifies the DKIM signature of the message on stdin with Debian's python3-dkim, an implementation
independent of ours, fetching the public key from the DNS server named on the command line (host port).
Prints the verdict and exits 0 only when the signature verifies."""
import sys

import dkim
import dns.resolver


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [host]
    resolver.port = port
    resolver.cache = None

    def txt(name, timeout=5):
        answer = resolver.resolve(name.decode("ascii").rstrip("."), "TXT", lifetime=timeout)
        return b"".join(b"".join(rdata.strings) for rdata in answer)

    message = sys.stdin.buffer.read()
    ok = dkim.verify(message, dnsfunc=txt)
    print("pass" if ok else "fail")
    sys.exit(0 if ok else 1)


main()
