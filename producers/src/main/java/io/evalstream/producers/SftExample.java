package io.evalstream.producers;

import io.evalstream.schemas.SpiderExample;

/**
 * One example of Spider's train split for supervised fine-tuning.
 *
 * @param id      {@code spider-train-0042}: stable across exports, whatever the shuffle
 * @param index   position in train_spider.reduced.json (what few_shot_train_ids count)
 * @param example question, gold SQL and the database schema from tables.json
 */
public record SftExample(String id, int index, SpiderExample example) {
}
