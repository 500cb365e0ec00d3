package io.evalstream.generator.llm;

import io.evalstream.generator.Model;
import io.evalstream.generator.ModelAnswer;
import io.evalstream.generator.ModelIdentity;
import io.evalstream.generator.prompt.MmluPrompt;
import io.evalstream.generator.engine.Generation;
import io.evalstream.generator.engine.GenerationRequest;
import io.evalstream.generator.engine.LlmEngine;
import io.evalstream.generator.engine.Sampling;
import io.evalstream.generator.engine.ScoringRequest;
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
    private final PromptEncoder encoder;

    private LlmModel(LlmEngine engine, String baseModelId, Map<String, Path> adapterDirs, LlmOptions options) {
        this.engine = engine;
        this.baseModelId = baseModelId;
        this.adapterDirs = adapterDirs;
        this.options = options;
        this.encoder = new PromptEncoder(engine.tokenizer(), options, engine.prefixCache().enabled());
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
        return new LlmModel(LlmEngine.load(baseDir, adapters, o.engine()), baseModelId, Map.copyOf(adapters), o);
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
            return new ModelIdentity("llm", engine.baseDir().toString(), engine.baseSha256(), null, runtime());
        }
        return new ModelIdentity("llm", adapterDirs.get(modelId).toString(), engine.baseSha256(), engine.adapter(modelId).sha256(), runtime());
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
        List<Integer> generateIndex = new ArrayList<>();
        List<PromptEncoder.Encoded> generatePrompts = new ArrayList<>();
        List<GenerationRequest> generate = new ArrayList<>();
        List<Integer> choiceIndex = new ArrayList<>();
        List<PromptEncoder.Encoded> choicePrompts = new ArrayList<>();
        List<ScoringRequest> choices = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            EvalItem item = r.item();
            String adapter = adapterOf(r.modelId(), item);
            PromptEncoder.Encoded e = encoder.encode(item, r.modelId());
            switch (e.task().outputType()) {
                case MULTIPLE_CHOICE -> {
                    choiceIndex.add(i);
                    choicePrompts.add(e);
                    choices.add(new ScoringRequest(adapter, e.ids(), e.prefixTokens(), letterTokens));
                }
                case GENERATE_UNTIL -> {
                    Sampling s = options.sampling().greedy() ? Sampling.GREEDY
                            : new Sampling(options.sampling().temperature(), options.sampling().seed() * 31 + item.getItemId().hashCode());
                    generateIndex.add(i);
                    generatePrompts.add(e);
                    generate.add(new GenerationRequest(adapter, e.ids(), e.prefixTokens(), options.maxNewTokens(), options.stopStrings(), s));
                }
            }
        }
        List<double[]> scored = engine.score(choices, options.batchSize());
        for (int j = 0; j < scored.size(); j++) {
            double[] lp = scored.get(j);
            int best = 0;
            for (int k = 1; k < lp.length; k++) {
                best = lp[k] > lp[best] ? k : best;
            }
            PromptEncoder.Encoded e = choicePrompts.get(j);
            answers[choiceIndex.get(j)] = new ModelAnswer(MmluPrompt.LETTERS[best], Arrays.stream(lp).boxed().toList(), e.prompt().template(),
                    e.prompt().sha256(), e.ids().length, 0);
        }
        List<Generation> out = engine.generate(generate, options.batchSize());
        for (int j = 0; j < out.size(); j++) {
            Generation g = out.get(j);
            PromptEncoder.Encoded e = generatePrompts.get(j);
            // the reply as generated: turning it into SQL is the metric's job (and part of its version)
            answers[generateIndex.get(j)] = new ModelAnswer(g.text(), null, e.prompt().template(), e.prompt().sha256(),
                    g.promptTokens(), g.tokens().length);
        }
        return Arrays.asList(answers);
    }

    /** Device, dtype and libtorch of the engine, as each prediction records them. */
    public String runtime() {
        return engine.runtime().device() + " " + engine.precision().configName() + " on libtorch " + engine.runtime().libtorch()
                + " (" + engine.runtime().flavor() + ", CUDA " + engine.runtime().cuda() + ")";
    }

    @Override
    public void close() {
        engine.close();
    }
}
