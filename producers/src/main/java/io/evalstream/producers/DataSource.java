package io.evalstream.producers;

/** Where each kind of data file comes from, so a missing-file error can say how to get it. */
public enum DataSource {
    SPIDER("Spider 1.0 comes from the official Yale LILY release (https://yale-lily.github.io/spider, "
            + "spider_data.zip): put dev.json, tables.json and database/<db>/<db>.sqlite under <data>/spider/ "
            + "(see shared/data/spider/MANIFEST.md for the exact files and checksums)"),
    SPIDER_TRAIN_REDUCED("train_spider.reduced.json is train_spider.json of the Yale LILY Spider release "
            + "(https://yale-lily.github.io/spider) reduced to {question, query, db_id}; the copy used here is "
            + "tjhalanigrid/Text2Sql data/train_spider.json (see shared/data/spider/MANIFEST.md); "
            + "put it at <data>/spider/train_spider.reduced.json"),
    MMLU("MMLU comes from Hendrycks' test suite (https://github.com/hendrycks/test, "
            + "https://people.eecs.berkeley.edu/~hendrycks/data.tar): unpack its dev/, test/ and val/ folders "
            + "into <data>/mmlu/ (files <subject>_<split>.csv, no header; see shared/data/mmlu/MANIFEST.md)");

    private final String howToGet;

    DataSource(String howToGet) {
        this.howToGet = howToGet;
    }

    public String howToGet() {
        return howToGet;
    }
}
