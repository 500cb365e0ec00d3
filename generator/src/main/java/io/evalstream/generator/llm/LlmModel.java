package io.evalstream.generator.llm;

import io.evalstream.generator.Model;
import io.evalstream.generator.ModelAnswer;
import io.evalstream.generator.ModelIdentity;
import io.evalstream.generator.prompt.MmluPrompt;
import io.evalstream.generator.prompt.RenderedPrompt;
import io.evalstream.generator.task.BenchmarkTask;
import io.evalstream.generator.task.BenchmarkTasks;
import io.evalstream.generator.engine.Generation;
import io.evalstream.generator.engine.GenerationRequest;
import io.evalstream.generator.engine.LlmEngine;
import io.evalstream.generator.engine.Sampling;
import io.evalstream.generator.engine.tokenizer.TextTokenizer;
import io.evalstream.schemas.EvalItem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The generator stage's {@code llm} model kind: one base model (model id {@code baseModelId}) and
 * its LoRA adapters (one model id each) in one engine. Spider items get greedy SQL from one
 * continuously batched run in which sequences of different model ids share each step; MMLU items
 * get the letter with the highest next-token log-probability after one forward pass.
 */
public final class LlmModel implements Model {

    private final LlmEngine engine;
    private final String baseModelId;
    private final Map<String, Path> adapterDirs;
    private final LlmOptions options;
    private final int[] letterTokens;

    private LlmModel(LlmEngine engine, String baseModelId, Map<String, Path> adapterDirs, LlmOptions options) {
        this.engine = engine;
        this.baseModelId = baseModelId;
        this.adapterDirs = adapterDirs;
        this.options = options;
        this.letterTokens = new int[4];
        for (int i = 0; i < 4; i++) {
            letterTokens[i] = engine.tokenizer().lastTokenOf(" " + MmluPrompt.LETTERS[i]);
        }
    }

    /**
     * @param baseDir     a Hugging Face model folder
     * @param baseModelId the model id of the base weights, e.g. {@code base}
     * @param adapters    model id to PEFT adapter folder; each id answers with the base plus that adapter
     */
    public static LlmModel load(Path baseDir, String baseModelId, Map<String, Path> adapters, LlmOptions options) throws IOException {
        if (adapters.containsKey(baseModelId)) {
            throw new IllegalArgumentException("adapter id " + baseModelId + " is the base model's id");
        }
        LlmOptions o = options == null ? LlmOptions.defaults() : options;
        return new LlmModel(LlmEngine.load(baseDir, adapters, o.prefixCacheEntries()), baseModelId, Map.copyOf(adapters), o);
    }

    public LlmEngine engine() {
        return engine;
    }

    @Override
    public List<String> modelIds() {
        List<String> ids = new ArrayList<>();
        ids.add(baseModelId);
        ids.addAll(engine.adapters().keySet());
        return ids;
    }

    @Override
    public ModelIdentity identity(String modelId) {
        if (modelId.equals(baseModelId)) {
            return new ModelIdentity("llm", engine.baseDir().toString(), engine.baseSha256(), null);
        }
        return new ModelIdentity("llm", adapterDirs.get(modelId).toString(), engine.baseSha256(), engine.adapter(modelId).sha256());
    }

    private String adapterOf(String modelId, EvalItem item) {
        if (modelId.equals(baseModelId)) {
            return null;
        }
        if (!engine.adapters().containsKey(modelId)) {
            throw new IllegalArgumentException("item " + item.getItemId() + " asks for model " + modelId + ", which this engine does not serve "
                    + modelIds());
        }
        return modelId;
    }

    @Override
    public List<ModelAnswer> answer(List<Request> requests) {
        ModelAnswer[] answers = new ModelAnswer[requests.size()];
        TextTokenizer tok = engine.tokenizer();
        List<Integer> spiderIndex = new ArrayList<>();
        List<GenerationRequest> spider = new ArrayList<>();
        List<RenderedPrompt> spiderPrompts = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            EvalItem item = r.item();
            String adapter = adapterOf(r.modelId(), item);
            BenchmarkTask task = BenchmarkTasks.of(item);
            RenderedPrompt p = task.prompt().render(item, options.spiderStyle(r.modelId()), options.chat() ? tok.chatTemplate() : null);
            switch (task.outputType()) {
                case MULTIPLE_CHOICE -> {
                    int[] ids = tok.encodePrompt(p.text(), false);
                    double[] lp = engine.scoreNextToken(adapter, ids, prefixTokens(p, ids), letterTokens);
                    int best = 0;
                    for (int k = 1; k < 4; k++) {
                        best = lp[k] > lp[best] ? k : best;
                    }
                    answers[i] = new ModelAnswer(MmluPrompt.LETTERS[best], Arrays.stream(lp).boxed().toList(), p.template(), p.sha256(),
                            ids.length, 0);
                }
                case GENERATE_UNTIL -> {
                    int[] ids = tok.encodePrompt(p.text(), p.chatRendered());
                    Sampling s = options.sampling().greedy() ? Sampling.GREEDY
                            : new Sampling(options.sampling().temperature(), options.sampling().seed() * 31 + item.getItemId().hashCode());
                    spiderIndex.add(i);
                    spiderPrompts.add(p);
                    spider.add(new GenerationRequest(adapter, ids, prefixTokens(p, ids), options.maxNewTokens(), options.stopStrings(), s));
                }
            }
        }
        List<Generation> out = engine.generate(spider, options.batchSize());
        for (int j = 0; j < out.size(); j++) {
            Generation g = out.get(j);
            RenderedPrompt p = spiderPrompts.get(j);
            // the reply as generated: turning it into SQL is the metric's job (and part of its version)
            answers[spiderIndex.get(j)] = new ModelAnswer(g.text(), null, p.template(), p.sha256(),
                    g.promptTokens(), g.tokens().length);
        }
        return Arrays.asList(answers);
    }

    /** Leading prompt tokens that belong to the shared prefix text; one short of it, as the last may merge across the boundary. */
    private int prefixTokens(RenderedPrompt p, int[] ids) {
        if (p.prefixChars() <= 0 || !engine.prefixCache().enabled()) {
            return 0;
        }
        int[] prefix = engine.tokenizer().encodePrompt(p.prefixText(), p.chatRendered());
        int n = 0;
        while (n < prefix.length && n < ids.length && prefix[n] == ids[n]) {
            n++;
        }
        return Math.max(0, Math.min(n, prefix.length - 1));
    }

    @Override
    public void close() {
        engine.close();
    }
}
