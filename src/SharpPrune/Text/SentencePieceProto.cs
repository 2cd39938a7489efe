using Google.Protobuf;

namespace SharpPrune.Text;

/// <summary>
/// Writes a SentencePiece ModelProto (the tokenizer.model format) for a SentencePiece-style tokenizer.json, so that
/// ML.Tokenizers' <c>SentencePieceTokenizer</c> — the only ML.Tokenizers BPE with byte fallback — can run it.
/// </summary>
/// <remarks>
/// SentencePiece BPE merges the adjacent pair whose concatenation is the best-scoring piece; Hugging Face merges the
/// pair with the lowest merge rank. Scoring each piece by minus the rank of the first merge that makes it gives the same
/// result for vocabularies converted from SentencePiece (Llama and kin), where every such pair is a listed merge.
/// Field numbers are those of sentencepiece_model.proto.
/// </remarks>
internal static class SentencePieceProto
{
    private enum PieceType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Byte = 6 }

    const int ModelTypeBpe = 2;

    public static byte[] Write(TokenizerJson json, bool prefixSpace, bool escapeSpaces)
    {
        var pieces = PiecesById(json);
        var scores = new Dictionary<string, float>(StringComparer.Ordinal);
        for (int rank = 0; rank < json.Merges.Count; rank++)
            scores.TryAdd(json.Merges[rank].Left + json.Merges[rank].Right, -rank);
        // Below every merge: a multi-character piece no merge makes should never win a merge.
        float unmerged = -json.Merges.Count - 1;
        // PiecesById has refused two different pieces for one id; an added token listed twice is harmless.
        var added = json.AddedTokens.DistinctBy(t => t.Id).ToDictionary(t => t.Id);

        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        for (int id = 0; id < pieces.Length; id++)
        {
            string piece = pieces[id];
            var type = piece == json.UnknownToken ? PieceType.Unknown
                : added.TryGetValue(id, out var token) ? (token.Special ? PieceType.Control : PieceType.UserDefined)
                : IsByteToken(piece) ? PieceType.Byte
                : PieceType.Normal;
            WriteMessage(output, 1, o =>
            {
                o.WriteTag(1, WireFormat.WireType.LengthDelimited);
                o.WriteString(piece);
                o.WriteTag(2, WireFormat.WireType.Fixed32);
                o.WriteFloat(scores.TryGetValue(piece, out float score) ? score : unmerged);
                o.WriteTag(3, WireFormat.WireType.Varint);
                o.WriteEnum((int)type);
            });
        }

        int? unknownId = json.UnknownToken is { } unk ? json.IdOf(unk) : null;
        WriteMessage(output, 2, o => // TrainerSpec
        {
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteEnum(ModelTypeBpe);
            o.WriteTag(35, WireFormat.WireType.Varint);
            o.WriteBool(json.ByteFallback);
            if (unknownId is { } id)
            {
                o.WriteTag(40, WireFormat.WireType.Varint);
                o.WriteInt32(id);
            }
        });
        WriteMessage(output, 3, o => // NormalizerSpec; encoding normalizes itself, these steer decoding
        {
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteBool(prefixSpace);
            o.WriteTag(4, WireFormat.WireType.Varint);
            o.WriteBool(false);
            o.WriteTag(5, WireFormat.WireType.Varint);
            o.WriteBool(escapeSpaces);
        });
        output.Flush();
        return stream.ToArray();
    }

    // A ModelProto lists pieces by position, so the ids must run 0..n-1 without gaps.
    private static string[] PiecesById(TokenizerJson json)
    {
        var byId = new Dictionary<int, string>();
        foreach (var (piece, id) in json.Vocab.Select(kv => (kv.Key, kv.Value)).Concat(json.AddedTokens.Select(t => (t.Content, t.Id))))
        {
            if (byId.TryGetValue(id, out var existing) && existing != piece)
                throw SharpPruneException.InFile(json.Path, $"id {id} names both \"{existing}\" and \"{piece}\"");
            byId[id] = piece;
        }
        var pieces = new string[byId.Count];
        foreach (var (id, piece) in byId)
        {
            if (id >= pieces.Length)
                throw SharpPruneException.InFile(json.Path, $"token ids are not contiguous from 0 (id {id} with {pieces.Length} tokens)");
            pieces[id] = piece;
        }
        return pieces;
    }

    private static bool IsByteToken(string piece) =>
        piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
        && byte.TryParse(piece.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out _);

    private static void WriteMessage(CodedOutputStream output, int field, Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var inner = new CodedOutputStream(buffer);
        write(inner);
        inner.Flush();
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(buffer.ToArray()));
    }
}
