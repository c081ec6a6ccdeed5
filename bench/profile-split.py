#!/usr/bin/env python3
"""Where the CPU goes, from an async-profiler profile in collapsed form recorded with `threads`.

Each sample is put in one category, by the frame nearest the leaf that names a known library (so Camel's own
type conversion inside a SQL call counts as Camel, the JDBC driver's socket write as SQL), and counted per thread
group (thread names with their numbers taken out). Prints the share of all samples by thread group, then, for the
busiest groups, the categories within each.

Usage: bench/profile-split.py profile.collapsed [groups]   (groups: how many thread groups to break down, 6)
"""
import collections
import re
import sys

# Checked from the leaf towards the root: the first frame matching one of a category's patterns decides.
CATEGORIES = [
    ("RSA signature (native crypto)", ["amazon/corretto", "AmazonCorretto", "libamazonCorretto", "RSACore",
                                       "sun/security/rsa", "BigInteger"]),
    ("JIT compiler", ["CompileBroker", "C2Compiler", "Compiler::compile"]),
    ("GC", ["G1", "GangWorker", "ConcurrentGCThread"]),
    ("DKIM (jDKIM, mime4j)", ["org/apache/james/jdkim", "com/emailchannel/dkim", "org/apache/james/mime4j"]),
    ("SMTP (Angus Mail transport)", ["org/eclipse/angus/mail/smtp", "org/eclipse/angus/mail/util",
                                     "com/sun/mail/smtp"]),
    ("MIME build (Jakarta Mail)", ["jakarta/mail", "jakarta/activation", "org/eclipse/angus"]),
    ("SQL (pgjdbc, HikariCP, camel-sql)", ["org/postgresql", "com/zaxxer/hikari", "org/springframework/jdbc",
                                            "org/apache/camel/component/sql"]),
    ("JSON (Jackson)", ["com/fasterxml/jackson"]),
    ("Kafka", ["org/apache/kafka", "kafka/"]),
    ("HTTP server (Vert.x, Netty)", ["io/vertx", "io/netty"]),
    ("our beans (com.emailchannel)", ["com/emailchannel"]),
    ("Camel engine", ["org/apache/camel"]),
    ("kernel", ["[k]", "entry_SYSCALL", "do_syscall"]),
]


def category(frames):
    for frame in reversed(frames):
        for name, patterns in CATEGORIES:
            if any(p in frame for p in patterns):
                return name
    return "other (JDK, JVM)"


def main():
    path = sys.argv[1]
    shown = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    total = 0
    by_group = collections.Counter()
    by_group_category = collections.defaultdict(collections.Counter)
    by_category = collections.Counter()
    for line in open(path, encoding="utf-8", errors="replace"):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack:
            continue
        n = int(count)
        frames = stack.split(";")
        thread = frames[0]
        group = re.sub(r"\d+", "N", re.sub(r"\s*tid=\d+", "", thread.strip("[]")))
        cat = category(frames[1:])
        total += n
        by_group[group] += n
        by_group_category[group][cat] += n
        by_category[cat] += n
    print(f"{total} samples")
    print("by category, all threads:")
    for cat, n in by_category.most_common():
        print(f"  {100 * n / total:5.1f}%  {cat}")
    print("by thread group:")
    for group, n in by_group.most_common(shown):
        print(f"  {100 * n / total:5.1f}%  {group}")
        for cat, m in by_group_category[group].most_common(8):
            print(f"            {100 * m / n:5.1f}% of it  {cat}")


if __name__ == "__main__":
    main()
