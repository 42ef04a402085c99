package org.observer.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import java.util.regex.Pattern;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.miscellaneous.PatternKeywordMarkerFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.observer.analysis.FieldTypes;
import org.observer.analysis.StopWords;
import org.observer.query.Plan;
import org.observer.query.QueryParser;
import org.observer.query.QueryPlanner;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.util.CharTokenizer;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Apache Lucene 9.12.3 set up the way Elasticsearch stores logs: {@code message} a text field,
 * {@code source} a keyword, {@code @timestamp} a point plus doc values (and stored), the whole JSON
 * stored in {@code _source}, stored fields compressed with {@code BEST_COMPRESSION}.
 *
 * <p>Two choices keep the comparison one thread against one thread: merges run on the indexing
 * thread ({@link SerialMergeScheduler}), and searchers have no query cache (every query repeats
 * identically in the warm runs; The Observer caches no results either). Compound files are off so
 * the bytes can be broken down by file type; that changes the total by a few hundred bytes.
 */
final class LuceneEngine implements Engine {

    static final String MESSAGE = "message";
    static final String SOURCE = "source";
    static final String TIMESTAMP = "@timestamp";
    static final String SOURCE_JSON = "_source";

    private static final Sort NEWEST_FIRST = new Sort(new SortField(TIMESTAMP, SortField.Type.LONG, true));
    private static final double RAM_BUFFER_MB = 64;

    private final Path root;
    private final Analyzer analyzer = new LogAnalyzer();
    private static final QueryPlanner PLANNER = new QueryPlanner(FieldTypes.DEFAULT);
    private final Map<String, IndexWriter> writing = new LinkedHashMap<>();
    private final Map<String, DirectoryReader> readers = new HashMap<>();
    private final Map<List<List<String>>, IndexSearcher> searchers = new HashMap<>();

    LuceneEngine(Path root) {
        this.root = root;
    }

    /**
     * Terms exactly as {@link org.observer.analysis.Analyzer}: maximal runs of
     * {@link Character#isLetterOrDigit(int)}, lowercased per code point, cut to 128 characters (a
     * CharTokenizer would split a long run into several tokens instead, so it gets a high limit);
     * our stop words removed (their positions kept); a-z words stemmed by the same Snowball
     * English stemmer, other tokens kept as they are.
     */
    static final class LogAnalyzer extends Analyzer {
        private static final CharArraySet STOP_WORDS = new CharArraySet(StopWords.WORDS, false);
        private static final Pattern NOT_STEMMED = Pattern.compile(".*[^a-z].*");

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer tokenizer = new CharTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY,
                    StandardTokenizer.MAX_TOKEN_LENGTH_LIMIT) {
                @Override
                protected boolean isTokenChar(int c) {
                    return Character.isLetterOrDigit(c);
                }
            };
            TokenStream stream = new LowerCaseFilter(tokenizer);
            stream = new TruncateTokenFilter(stream, org.observer.analysis.Analyzer.MAX_TOKEN_LENGTH);
            stream = new StopFilter(stream, STOP_WORDS);
            stream = new PatternKeywordMarkerFilter(stream, NOT_STEMMED);
            stream = new SnowballFilter(stream, new EnglishStemmer());
            return new TokenStreamComponents(tokenizer, stream);
        }
    }

    @Override
    public String name() {
        return "lucene";
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public void add(Doc doc) throws IOException {
        IndexWriter writer = writing.get(doc.index());
        if (writer == null) {
            writer = openWriter(doc.index());
            writing.put(doc.index(), writer);
        }
        Document d = new Document();
        d.add(new TextField(MESSAGE, doc.message(), Field.Store.NO));
        // A keyword, lowercased as The Observer indexes keywords (Elasticsearch: a lowercase normalizer).
        String source = org.observer.analysis.Analyzer.keyword(doc.source());
        d.add(new StringField(SOURCE, source, Field.Store.NO));
        d.add(new SortedDocValuesField(SOURCE, new BytesRef(source))); // as Elasticsearch keywords have, for aggregations
        d.add(new LongPoint(TIMESTAMP, doc.timestamp()));
        d.add(new NumericDocValuesField(TIMESTAMP, doc.timestamp()));
        d.add(new StoredField(TIMESTAMP, doc.timestamp()));
        d.add(new StoredField(SOURCE_JSON, doc.json()));
        writer.addDocument(d);
    }

    private IndexWriter openWriter(String index) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setCodec(new Lucene912Codec(Lucene912Codec.Mode.BEST_COMPRESSION))
                .setRAMBufferSizeMB(RAM_BUFFER_MB)
                .setMergeScheduler(new SerialMergeScheduler())
                .setUseCompoundFile(false);
        TieredMergePolicy mergePolicy = new TieredMergePolicy();
        mergePolicy.setNoCFSRatio(0);
        config.setMergePolicy(mergePolicy);
        return new IndexWriter(FSDirectory.open(root.resolve(index)), config);
    }

    @Override
    public void finishWrites() throws IOException {
        for (IndexWriter writer : writing.values()) {
            writer.commit();
            writer.close();
            writer.getDirectory().close();
        }
        writing.clear();
    }

    /** All indexes of the scope in one searcher: a global newest-first top-N, as Elasticsearch merges shards. */
    @Override
    public Result search(QuerySet.BenchQuery q, List<List<String>> daysNewestFirst, int size) throws IOException {
        IndexSearcher searcher = searcher(daysNewestFirst);
        Query query = toLucene(PLANNER.plan(QueryParser.parse(q.text())));
        if (q.day() >= 0) {
            query = new BooleanQuery.Builder().add(query, Occur.MUST)
                    .add(LongPoint.newRangeQuery(TIMESTAMP, q.from(), q.to() - 1), Occur.FILTER).build();
        }
        // count() answers a plain term from docFreq; the sorted search may then stop early (it skips
        // non-competitive documents through the points), which an exact-count collector could not.
        long total = searcher.count(query);
        TopFieldDocs top = searcher.search(query, size, NEWEST_FIRST);
        StoredFields stored = searcher.storedFields();
        ScoreDoc[] hits = top.scoreDocs;
        long[] timestamps = new long[hits.length];
        byte[][] sources = new byte[hits.length][];
        // Fetch in doc id order, as Elasticsearch's fetch phase does, so hits in one block are read in a row.
        Integer[] byDoc = new Integer[hits.length];
        for (int i = 0; i < hits.length; i++) {
            byDoc[i] = i;
        }
        Arrays.sort(byDoc, Comparator.comparingInt(i -> hits[i].doc));
        for (int i : byDoc) {
            Document d = stored.document(hits[i].doc);
            timestamps[i] = d.getField(TIMESTAMP).numericValue().longValue();
            sources[i] = BytesRef.deepCopyOf(d.getBinaryValue(SOURCE_JSON)).bytes;
        }
        long crc = Result.crc(Arrays.asList(sources));
        if (!q.aggregates()) {
            return new Result(total, timestamps, crc);
        }
        long[] histogram = new long[QuerySet.BenchQuery.HOURS];
        Map<String, Long> bySource = new TreeMap<>();
        searcher.search(query, new AggregatingCollector(q.from(), histogram, bySource));
        return new Result(total, timestamps, crc, histogram, bySource);
    }

    /** Counts matches per hour from the timestamp doc values and per source from its sorted doc values. */
    private static final class AggregatingCollector implements Collector {
        private final long start;
        private final long[] histogram;
        private final Map<String, Long> bySource;

        AggregatingCollector(long start, long[] histogram, Map<String, Long> bySource) {
            this.start = start;
            this.histogram = histogram;
            this.bySource = bySource;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            NumericDocValues times = DocValues.getNumeric(context.reader(), TIMESTAMP);
            SortedDocValues sources = DocValues.getSorted(context.reader(), SOURCE);
            long[] perOrd = new long[Math.max(1, sources.getValueCount())];
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {
                }

                @Override
                public void collect(int doc) throws IOException {
                    if (times.advanceExact(doc)) {
                        long bucket = Math.floorDiv(times.longValue() - start, 3_600_000L);
                        if (bucket >= 0 && bucket < histogram.length) {
                            histogram[(int) bucket]++;
                        }
                    }
                    if (sources.advanceExact(doc)) {
                        perOrd[sources.ordValue()]++;
                    }
                }

                @Override
                public void finish() throws IOException {
                    for (int ord = 0; ord < sources.getValueCount(); ord++) {
                        if (perOrd[ord] > 0) {
                            bySource.merge(sources.lookupOrd(ord).utf8ToString(), perOrd[ord], Long::sum);
                        }
                    }
                }
            };
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }

    /**
     * The same plan as The Observer runs, as a Lucene query: {@code message} is the text field,
     * {@code source} the keyword field, and "any field" is either of them. Every document has both
     * fields, so "exists" on them matches all. A phrase needs two positions, which a keyword
     * value never has.
     */
    static Query toLucene(Plan plan) {
        if (plan instanceof Plan.Term term) {
            if (term.term().isEmpty()) {
                return fields(term.field()).isEmpty() ? new MatchNoDocsQuery() : new MatchAllDocsQuery();
            }
            return anyOf(term.field(), f -> new TermQuery(new Term(f, term.term())));
        } else if (plan instanceof Plan.Prefix prefix) {
            return anyOf(prefix.field(), f -> new PrefixQuery(new Term(f, prefix.prefix())));
        } else if (plan instanceof Plan.Phrase phrase) {
            if (phrase.field() != null && !phrase.field().equals(MESSAGE)) {
                return new MatchNoDocsQuery();
            }
            PhraseQuery.Builder b = new PhraseQuery.Builder();
            for (int i = 0; i < phrase.terms().size(); i++) {
                if (phrase.terms().get(i) != null) {
                    b.add(new Term(MESSAGE, phrase.terms().get(i)), i);
                }
            }
            return b.build();
        } else if (plan instanceof Plan.Time time) {
            return LongPoint.newRangeQuery(TIMESTAMP, time.from(), time.to() == Long.MIN_VALUE ? Long.MIN_VALUE : time.to() - 1);
        } else if (plan instanceof Plan.And and) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            boolean positive = false;
            for (Plan clause : and.clauses()) {
                if (clause instanceof Plan.Not not) {
                    b.add(toLucene(not.clause()), Occur.MUST_NOT);
                } else {
                    b.add(toLucene(clause), Occur.MUST);
                    positive = true;
                }
            }
            if (!positive) {
                b.add(new MatchAllDocsQuery(), Occur.MUST);
            }
            return b.build();
        } else if (plan instanceof Plan.Or or) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            or.clauses().forEach(clause -> b.add(toLucene(clause), Occur.SHOULD));
            return b.build();
        } else if (plan instanceof Plan.Not not) {
            return new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.MUST)
                    .add(toLucene(not.clause()), Occur.MUST_NOT).build();
        } else if (plan instanceof Plan.All) {
            return new MatchAllDocsQuery();
        } else if (plan instanceof Plan.None) {
            return new MatchNoDocsQuery();
        }
        throw new IllegalArgumentException("the benchmark has no Lucene translation of " + plan);
    }

    /** The Lucene fields a query field names: both for any field, none for a field the bench does not have. */
    private static List<String> fields(String field) {
        if (field == null) {
            return List.of(MESSAGE, SOURCE);
        }
        return field.equals(MESSAGE) || field.equals(SOURCE) ? List.of(field) : List.of();
    }

    private static Query anyOf(String field, java.util.function.Function<String, Query> perField) {
        List<String> fields = fields(field);
        if (fields.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        if (fields.size() == 1) {
            return perField.apply(fields.get(0));
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        fields.forEach(f -> b.add(perField.apply(f), Occur.SHOULD));
        return b.build();
    }

    private IndexSearcher searcher(List<List<String>> daysNewestFirst) throws IOException {
        IndexSearcher searcher = searchers.get(daysNewestFirst);
        if (searcher == null) {
            List<IndexReader> subs = new ArrayList<>();
            for (List<String> day : daysNewestFirst) {
                for (String index : day) {
                    DirectoryReader reader = readers.get(index);
                    if (reader == null) {
                        reader = DirectoryReader.open(FSDirectory.open(root.resolve(index)));
                        readers.put(index, reader);
                    }
                    subs.add(reader);
                }
            }
            searcher = new IndexSearcher(new MultiReader(subs.toArray(new IndexReader[0]), false));
            searcher.setQueryCache(null);
            searchers.put(daysNewestFirst, searcher);
        }
        return searcher;
    }

    @Override
    public void closeReaders() throws IOException {
        searchers.clear();
        for (DirectoryReader reader : readers.values()) {
            reader.close();
            reader.directory().close();
        }
        readers.clear();
    }

    @Override
    public void close() throws IOException {
        finishWrites();
        closeReaders();
        analyzer.close();
    }
}
