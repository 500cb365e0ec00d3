package io.evalstream.generator.engine;

/** The decoder-only architectures the engine runs, by their Hugging Face class name. */
public enum Architecture {
    LLAMA("LlamaForCausalLM"),
    MISTRAL("MistralForCausalLM"),
    QWEN2("Qwen2ForCausalLM"),
    PHI("PhiForCausalLM");

    private final String hfName;

    Architecture(String hfName) {
        this.hfName = hfName;
    }

    public String hfName() {
        return hfName;
    }

    public static Architecture fromHf(String name, String where) {
        for (Architecture a : values()) {
            if (a.hfName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException(where + ": architecture " + name + " is not supported; supported are "
                + "LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM, PhiForCausalLM");
    }
}
