import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who holds the instances of a class in a heap dump (HPROF, as {@code jcmd PID GC.heap_dump} writes it), without a
 * GUI: a breadth-first walk from the GC roots (and from every class's static fields) gives each object its shortest
 * path to a root; the instances of each named class are grouped by the chain of classes on that path, and the
 * biggest groups are printed root first, with the field names of one example and the group's shallow bytes.
 * Sample: {@code java -Xmx3g bench/HeapOwners.java heap.hprof com.icegreen.greenmail.store.StoredMessage}
 * <pre>
 * com.icegreen.greenmail.store.StoredMessage: 541 instances, 17,312 bytes (shallow), 0 not reachable from a root
 *   541 instances, 17,312 bytes, e.g.
 *     com.icegreen.greenmail.imap.ImapSessionImpl.imapHost
 *     -> com.icegreen.greenmail.imap.ImapHostManagerImpl.store
 *     -> com.icegreen.greenmail.store.InMemoryStore.rootMailbox
 *     ...
 *     -> com.icegreen.greenmail.store.HierarchicalFolder.mailMessages
 *     -> com.icegreen.greenmail.store.ListBasedStoredMessageCollection.mailMessages
 *     -> java.util.Collections$SynchronizedRandomAccessList.list
 *     -> java.util.ArrayList.elementData
 *     -> java.lang.Object[][0]
 *     -> com.icegreen.greenmail.store.StoredMessage
 * </pre>
 * {@code --retained CLASS} prints what the instances of CLASS hold together (what would be freed without them), by
 * class; block a class every path goes through (a mailbox selected by an IMAP session is also reached through the
 * session, so GreenMail's folders, not its store, hold its mail). {@code --since EARLIER.hprof} makes the class names
 * after it print the paths whose instances grew most since that earlier dump of the same process ({@code -Dtop=N}
 * groups per class, default 8). {@code --yammer-samples} says how full the reservoirs of the Yammer histograms are
 * (Kafka's broker metrics).
 * Arrays are named as in class histograms' Java form ({@code byte[]}, {@code java.lang.Object[]}). Needs a dump
 * below 2 GB (it is mapped at once).
 */
public class HeapOwners {

    static final int OBJECT = 2;
    static final int TOP = Integer.getInteger("top", 8); // groups printed per class (-Dtop=N)
    static final int[] SIZES = {0, 0, 0, 0, 1, 2, 4, 8, 1, 2, 4, 8};
    static final String[] PRIMITIVE_NAMES = {"", "", "", "", "boolean[]", "char[]", "float[]", "double[]", "byte[]",
        "short[]", "int[]", "long[]"};

    record ClassInfo(long id, String name, long superId, long loaderId, byte[] fieldTypes, String[] fieldNames,
            long[] staticRefs, String[] staticNames) {
    }

    final ByteBuffer buf;
    int idSize;
    final Map<Long, String> strings = new HashMap<>();
    final Map<Long, Long> classNameIds = new HashMap<>();
    final Map<Long, ClassInfo> classes = new HashMap<>();
    // every object: id, kind (0 instance, 1 object array, 2 primitive array, 3 class), position of its record body
    long[] ids = new long[1 << 20];
    byte[] kinds = new byte[1 << 20];
    int[] positions = new int[1 << 20];
    int count;
    final List<Long> roots = new ArrayList<>();
    // id -> index, open addressing
    long[] slotIds;
    int[] slotIndex;

    HeapOwners(ByteBuffer buf) {
        this.buf = buf;
    }

    public static void main(String[] args) throws IOException {
        HeapOwners heap = load(args[0]);
        int[] parent = heap.shortestPaths();
        HeapOwners earlier = null;
        int[] earlierParent = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--retained" -> heap.retained(args[++i], parent);
                case "--yammer-samples" -> heap.yammerSamples();
                case "--since" -> {
                    earlier = load(args[++i]);
                    earlierParent = earlier.shortestPaths();
                }
                default -> {
                    if (earlier == null) {
                        heap.owners(args[i], parent, TOP);
                    } else {
                        heap.ownersSince(earlier, earlierParent, args[i], parent, TOP);
                    }
                }
            }
        }
    }

    static HeapOwners load(String file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file, "r"); FileChannel channel = in.getChannel()) {
            HeapOwners heap = new HeapOwners(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
            heap.read();
            heap.index();
            return heap;
        }
    }

    long id(int pos) {
        return idSize == 8 ? buf.getLong(pos) : buf.getInt(pos) & 0xffffffffL;
    }

    void add(long id, int kind, int pos) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
            kinds = Arrays.copyOf(kinds, count * 2);
            positions = Arrays.copyOf(positions, count * 2);
        }
        ids[count] = id;
        kinds[count] = (byte) kind;
        positions[count] = pos;
        count++;
    }

    void read() {
        int pos = 0;
        while (buf.get(pos) != 0) {
            pos++;
        }
        pos++;
        idSize = buf.getInt(pos);
        pos += 4 + 8;
        while (pos < buf.limit()) {
            int tag = buf.get(pos) & 0xff;
            int length = buf.getInt(pos + 5);
            int body = pos + 9;
            if (tag == 0x01) {
                byte[] chars = new byte[length - idSize];
                buf.get(body + idSize, chars);
                strings.put(id(body), new String(chars, java.nio.charset.StandardCharsets.UTF_8));
            } else if (tag == 0x02) {
                classNameIds.put(id(body + 4), id(body + 4 + idSize + 4));
            } else if (tag == 0x0c || tag == 0x1c) {
                heapSegment(body, body + length);
            }
            pos = body + length;
        }
    }

    void heapSegment(int pos, int end) {
        int id = idSize;
        while (pos < end) {
            int sub = buf.get(pos++) & 0xff;
            switch (sub) {
                case 0xff, 0x05, 0x07 -> {
                    roots.add(id(pos));
                    pos += id;
                }
                case 0x01 -> {
                    roots.add(id(pos));
                    pos += 2 * id;
                }
                case 0x02, 0x03, 0x08 -> {
                    roots.add(id(pos));
                    pos += id + 8;
                }
                case 0x04, 0x06 -> {
                    roots.add(id(pos));
                    pos += id + 4;
                }
                case 0x20 -> pos = classDump(pos);
                case 0x21 -> {
                    add(id(pos), 0, pos);
                    pos += id + 4 + id + 4 + buf.getInt(pos + id + 4 + id);
                }
                case 0x22 -> {
                    add(id(pos), 1, pos);
                    pos += id + 4 + 4 + id + buf.getInt(pos + id + 4) * id;
                }
                case 0x23 -> {
                    add(id(pos), 2, pos);
                    int n = buf.getInt(pos + id + 4);
                    int type = buf.get(pos + id + 8);
                    pos += id + 4 + 4 + 1 + n * SIZES[type];
                }
                default -> throw new IllegalStateException("heap dump sub-record " + sub + " at " + pos);
            }
        }
    }

    int classDump(int pos) {
        int start = pos;
        long classId = id(pos);
        long superId = id(pos + idSize + 4);
        long loaderId = id(pos + 2 * idSize + 4);
        pos += 7 * idSize + 4 + 4;
        int constants = buf.getShort(pos) & 0xffff;
        pos += 2;
        for (int i = 0; i < constants; i++) {
            int type = buf.get(pos + 2);
            pos += 3 + (type == OBJECT ? idSize : SIZES[type]);
        }
        int statics = buf.getShort(pos) & 0xffff;
        pos += 2;
        List<Long> staticRefs = new ArrayList<>();
        List<String> staticNames = new ArrayList<>();
        for (int i = 0; i < statics; i++) {
            long name = id(pos);
            int type = buf.get(pos + idSize);
            if (type == OBJECT) {
                staticRefs.add(id(pos + idSize + 1));
                staticNames.add(strings.get(name));
            }
            pos += idSize + 1 + (type == OBJECT ? idSize : SIZES[type]);
        }
        int fields = buf.getShort(pos) & 0xffff;
        pos += 2;
        byte[] types = new byte[fields];
        String[] names = new String[fields];
        for (int i = 0; i < fields; i++) {
            names[i] = strings.get(id(pos));
            types[i] = buf.get(pos + idSize);
            pos += idSize + 1;
        }
        String name = strings.getOrDefault(classNameIds.get(classId), "?").replace('/', '.');
        classes.put(classId, new ClassInfo(classId, javaName(name), superId, loaderId, types, names,
                staticRefs.stream().mapToLong(Long::longValue).toArray(), staticNames.toArray(String[]::new)));
        add(classId, 3, start);
        return pos;
    }

    static String javaName(String name) {
        if (!name.startsWith("[")) {
            return name;
        }
        int dims = 0;
        while (name.charAt(dims) == '[') {
            dims++;
        }
        String element = switch (name.charAt(dims)) {
            case 'Z' -> "boolean";
            case 'C' -> "char";
            case 'F' -> "float";
            case 'D' -> "double";
            case 'B' -> "byte";
            case 'S' -> "short";
            case 'I' -> "int";
            case 'J' -> "long";
            default -> name.substring(dims + 1, name.length() - 1);
        };
        return element + "[]".repeat(dims);
    }

    void index() {
        int slots = Integer.highestOneBit(count * 2) * 2;
        slotIds = new long[slots];
        slotIndex = new int[slots];
        Arrays.fill(slotIndex, -1);
        for (int i = 0; i < count; i++) {
            int s = slot(ids[i]);
            slotIds[s] = ids[i];
            slotIndex[s] = i;
        }
    }

    int slot(long id) {
        int mask = slotIds.length - 1;
        int s = (int) (id * 0x9E3779B97F4A7C15L >>> 40) & mask;
        while (slotIndex[s] != -1 && slotIds[s] != id) {
            s = (s + 1) & mask;
        }
        return s;
    }

    int indexOf(long id) {
        return id == 0 ? -1 : slotIndex[slot(id)];
    }

    String className(int object) {
        int pos = positions[object];
        return switch (kinds[object]) {
            case 0 -> classes.get(id(pos + idSize + 4)).name();
            case 1 -> classes.get(id(pos + idSize + 8)).name();
            case 2 -> PRIMITIVE_NAMES[buf.get(pos + idSize + 8)];
            default -> "class " + classes.get(ids[object]).name();
        };
    }

    /**
     * Bytes as the JVM lays the object out with compressed references (heaps below 32 GB): 12-byte headers, 4-byte
     * references, 8-byte alignment.
     */
    long shallowBytes(int object) {
        int pos = positions[object];
        long bytes = switch (kinds[object]) {
            case 0 -> {
                long size = 12;
                for (ClassInfo c = classes.get(id(pos + idSize + 4)); c != null; c = classes.get(c.superId())) {
                    for (byte type : c.fieldTypes()) {
                        size += type == OBJECT ? 4 : SIZES[type];
                    }
                }
                yield size;
            }
            case 1 -> 16 + (long) buf.getInt(pos + idSize + 4) * 4;
            case 2 -> 16 + (long) buf.getInt(pos + idSize + 4) * SIZES[buf.get(pos + idSize + 8)];
            default -> 0;
        };
        return (bytes + 7) & ~7L;
    }

    /** The references of an object, each with a label (field name, array index, static field). */
    void references(int object, java.util.function.BiConsumer<Long, String> to) {
        int pos = positions[object];
        switch (kinds[object]) {
            case 0 -> {
                long classId = id(pos + idSize + 4);
                int field = pos + 2 * idSize + 8;
                for (ClassInfo c = classes.get(classId); c != null; c = classes.get(c.superId())) {
                    for (int i = 0; i < c.fieldTypes().length; i++) {
                        int type = c.fieldTypes()[i];
                        if (type == OBJECT) {
                            to.accept(id(field), "." + c.fieldNames()[i]);
                            field += idSize;
                        } else {
                            field += SIZES[type];
                        }
                    }
                }
            }
            case 1 -> {
                int n = buf.getInt(pos + idSize + 4);
                int element = pos + 2 * idSize + 8;
                for (int i = 0; i < n; i++) {
                    to.accept(id(element + i * idSize), "[" + i + "]");
                }
            }
            case 3 -> {
                ClassInfo c = classes.get(ids[object]);
                for (int i = 0; i < c.staticRefs().length; i++) {
                    to.accept(c.staticRefs()[i], " (static) ." + c.staticNames()[i]);
                }
                to.accept(c.loaderId(), " .<loader>");
            }
            default -> {
            }
        }
    }

    int[] shortestPaths() {
        return walk(null);
    }

    /** Shortest-path parents from the roots (-1 for a root, -2 for not reached), never entering instances of skip. */
    int[] walk(String skip) {
        int[] parent = new int[count];
        Arrays.fill(parent, -2);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (long root : roots) {
            int i = indexOf(root);
            if (i >= 0 && parent[i] == -2 && (skip == null || !className(i).equals(skip))) {
                parent[i] = -1;
                queue.add(i);
            }
        }
        for (int i = 0; i < count; i++) {
            if (kinds[i] == 3 && parent[i] == -2) {
                parent[i] = -1;
                queue.add(i);
            }
        }
        while (!queue.isEmpty()) {
            int from = queue.poll();
            references(from, (id, label) -> {
                int to = indexOf(id);
                if (to >= 0 && parent[to] == -2 && (skip == null || !className(to).equals(skip))) {
                    parent[to] = from;
                    queue.add(to);
                }
            });
        }
        return parent;
    }

    /** What the instances of name retain together: reachable now, unreachable once they are gone. */
    void retained(String name, int[] parent) {
        int[] without = walk(name);
        Map<String, long[]> byClass = new HashMap<>();
        long objects = 0;
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            if (parent[i] != -2 && without[i] == -2 && kinds[i] != 3) {
                long[] c = byClass.computeIfAbsent(className(i), k -> new long[2]);
                c[0]++;
                c[1] += shallowBytes(i);
                objects++;
                bytes += shallowBytes(i);
            }
        }
        System.out.printf("%nretained by all %s together: %,d objects, %,d bytes; by class:%n", name, objects, bytes);
        byClass.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(15)
                .forEach(e -> System.out.printf("  %,13d bytes %,9d objects  %s%n", e.getValue()[1], e.getValue()[0],
                        e.getKey()));
    }

    /** The position of a field's value in an instance record, or -1. */
    int field(int object, String name) {
        int pos = positions[object];
        int at = pos + 2 * idSize + 8;
        for (ClassInfo c = classes.get(id(pos + idSize + 4)); c != null; c = classes.get(c.superId())) {
            for (int i = 0; i < c.fieldTypes().length; i++) {
                if (c.fieldNames()[i].equals(name)) {
                    return at;
                }
                at += c.fieldTypes()[i] == OBJECT ? idSize : SIZES[c.fieldTypes()[i]];
            }
        }
        return -1;
    }

    /**
     * Yammer's ExponentiallyDecayingSample keeps at most reservoirSize (1028) values of a histogram in a skip list:
     * how many histograms have been updated, how many are full, and how many more values the others can take.
     */
    void yammerSamples() {
        Map<Integer, String> names = yammerNames();
        long histograms = 0;
        long used = 0;
        long full = 0;
        long held = 0;
        long room = 0;
        long cap = 0;
        List<String> filling = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (kinds[i] != 0 || !className(i).equals("com.yammer.metrics.stats.ExponentiallyDecayingSample")) {
                continue;
            }
            int reservoir = buf.getInt(field(i, "reservoirSize"));
            long updates = buf.getLong(field(indexOf(id(field(i, "count"))), "value"));
            histograms++;
            cap += reservoir;
            held += Math.min(updates, reservoir);
            if (updates > 0) {
                used++;
                room += Math.max(0, reservoir - updates);
                if (updates < reservoir) {
                    filling.add(String.format("%,6d of %,d  %s", updates, reservoir, names.getOrDefault(i, "?")));
                }
            }
            if (updates >= reservoir) {
                full++;
            }
        }
        System.out.printf("%nYammer ExponentiallyDecayingSample: %,d histograms, %,d updated at least once, %,d full;"
                + " %,d values held, room for %,d more in the updated ones, %,d if every histogram filled%n",
                histograms, used, full, held, room, cap);
        System.out.println("  updated but not full (values so far, of the reservoir):");
        filling.stream().sorted().forEach(line -> System.out.println("    " + line));
    }

    /** Sample -> the MBean name its histogram (or timer) is registered under in a Yammer MetricsRegistry. */
    Map<Integer, String> yammerNames() {
        Map<Integer, String> names = new HashMap<>();
        for (int i = 0; i < count; i++) {
            if (kinds[i] != 0 || !className(i).equals("java.util.concurrent.ConcurrentHashMap$Node")) {
                continue;
            }
            int key = indexOf(id(field(i, "key")));
            int metric = indexOf(id(field(i, "val")));
            if (key < 0 || metric < 0 || kinds[key] != 0
                    || !className(key).equals("com.yammer.metrics.core.MetricName")) {
                continue;
            }
            if (className(metric).equals("com.yammer.metrics.core.Timer")) {
                metric = indexOf(id(field(metric, "histogram")));
            }
            if (metric >= 0 && className(metric).equals("com.yammer.metrics.core.Histogram")) {
                names.put(indexOf(id(field(metric, "sample"))), string(indexOf(id(field(key, "mBeanName")))));
            }
        }
        return names;
    }

    String string(int object) {
        if (object < 0) {
            return "null";
        }
        int value = indexOf(id(field(object, "value")));
        int pos = positions[value];
        byte[] bytes = new byte[buf.getInt(pos + idSize + 4)];
        buf.get(pos + idSize + 9, bytes);
        return buf.get(field(object, "coder")) == 0 ? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                : new String(bytes, java.nio.charset.StandardCharsets.UTF_16LE);
    }

    String label(int from, int to) {
        String[] found = {""};
        references(from, (id, label) -> {
            if (found[0].isEmpty() && id == ids[to]) {
                found[0] = label;
            }
        });
        return found[0];
    }

    record Groups(Map<String, long[]> byChain, Map<String, Integer> example, long instances, long bytes,
            long unreachable) {
    }

    /** The instances of name grouped by the classes on their shortest path from a root: chain -> {count, bytes}. */
    Groups groups(String name, int[] parent) {
        Map<String, long[]> byChain = new LinkedHashMap<>();
        Map<String, Integer> example = new HashMap<>();
        long instances = 0;
        long bytes = 0;
        long unreachable = 0;
        for (int i = 0; i < count; i++) {
            if (kinds[i] == 3 || !className(i).equals(name)) {
                continue;
            }
            instances++;
            bytes += shallowBytes(i);
            if (parent[i] == -2) {
                unreachable++;
                continue;
            }
            StringBuilder chain = new StringBuilder();
            String previous = null;
            for (int p = parent[i]; p >= 0; p = parent[p]) {
                String c = className(p);
                if (!c.equals(previous)) { // a linked list or a tree collapses to one step
                    chain.insert(0, c + " > ");
                }
                previous = c;
            }
            long[] group = byChain.computeIfAbsent(chain.toString(), k -> new long[2]);
            group[0]++;
            group[1] += shallowBytes(i);
            example.putIfAbsent(chain.toString(), i);
        }
        return new Groups(byChain, example, instances, bytes, unreachable);
    }

    void owners(String name, int[] parent, int limit) {
        Groups g = groups(name, parent);
        System.out.printf("%n%s: %,d instances, %,d bytes (shallow), %,d not reachable from a root%n", name,
                g.instances(), g.bytes(), g.unreachable());
        g.byChain().entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(limit)
                .forEach(e -> System.out.printf("  %,d instances, %,d bytes, e.g.%n    %s%n", e.getValue()[0],
                        e.getValue()[1], path(g.example().get(e.getKey()), parent)));
    }

    /** As owners, but the groups that grew most since an earlier dump of the same process. */
    void ownersSince(HeapOwners earlier, int[] earlierParent, String name, int[] parent, int limit) {
        Groups now = groups(name, parent);
        Groups before = earlier.groups(name, earlierParent);
        System.out.printf("%n%s: %,d -> %,d instances, %,d -> %,d bytes (shallow); the paths that grew most:%n", name,
                before.instances(), now.instances(), before.bytes(), now.bytes());
        now.byChain().entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {
                    before.byChain().getOrDefault(e.getKey(), new long[2])[0], e.getValue()[0],
                    e.getValue()[1] - before.byChain().getOrDefault(e.getKey(), new long[2])[1]}))
                .filter(e -> e.getValue()[2] > 0)
                .sorted((a, b) -> Long.compare(b.getValue()[2], a.getValue()[2])).limit(limit)
                .forEach(e -> System.out.printf("  %+,d bytes, %,d -> %,d instances, e.g.%n    %s%n", e.getValue()[2],
                        e.getValue()[0], e.getValue()[1], path(now.example().get(e.getKey()), parent)));
    }

    String path(int object, int[] parent) {
        List<String> steps = new ArrayList<>();
        int child = object;
        steps.add(className(object));
        int repeats = 0;
        for (int p = parent[object]; p >= 0; p = parent[p]) {
            if (parent[p] >= 0 && className(parent[p]).equals(className(p)) && className(p).equals(className(child))) {
                repeats++; // the middle of a linked list or a tree: shown once, with how many steps it took
            } else {
                steps.add(0, className(p) + label(p, child) + (repeats > 0 ? " (+" + repeats + " more of it)" : ""));
                repeats = 0;
            }
            child = p;
        }
        return String.join("\n    -> ", steps);
    }
}
