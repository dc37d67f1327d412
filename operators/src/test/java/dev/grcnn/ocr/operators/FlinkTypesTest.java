package dev.grcnn.ocr.operators;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** The records between the job's operators are POJOs whose every field Flink serialises itself. */
class FlinkTypesTest {

  /** The fields (at any depth) that Flink would hand to Kryo. */
  private static List<String> generic(TypeInformation<?> type, String path) {
    List<String> out = new ArrayList<>();
    if (type instanceof GenericTypeInfo<?>) {
      out.add(path + ": " + type);
    } else if (type instanceof PojoTypeInfo<?> pojo) {
      for (int i = 0; i < pojo.getArity(); i++) {
        var field = pojo.getPojoFieldAt(i);
        out.addAll(generic(field.getTypeInformation(), path + "." + field.getField().getName()));
      }
    } else if (type instanceof ListTypeInfo<?> list) {
      out.addAll(generic(list.getElementTypeInfo(), path + "[]"));
    } else {
      for (var entry : type.getGenericParameters().entrySet()) {
        out.addAll(generic(entry.getValue(), path + "<" + entry.getKey() + ">"));
      }
    }
    return out;
  }

  @Test
  void everyRecordTypeIsAPojoWithoutKryoFields() {
    for (Class<?> c :
        List.of(CropRecord.class, DecodedCrop.class, DeadLetter.class, Recognized.class)) {
      TypeInformation<?> type = TypeInformation.of(c);
      assertTrue(type instanceof PojoTypeInfo<?>, c.getSimpleName() + " is " + type);
      List<String> kryo = generic(type, c.getSimpleName());
      assertTrue(kryo.isEmpty(), "fields Flink would serialise with Kryo: " + kryo);
    }
  }
}
