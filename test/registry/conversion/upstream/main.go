// Runs conversion cases through kube-apiserver's own conversion code (the scheme of
// k8s.io/kubernetes, through the internal version) and prints the results: the goldens the
// conversion tests compare with. See gen.sh.
package main

import (
	"encoding/json"
	"io"
	"os"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/kubernetes/pkg/apis/autoscaling"
	autoscalinginstall "k8s.io/kubernetes/pkg/apis/autoscaling/install"
	"k8s.io/kubernetes/pkg/apis/core"
	coreinstall "k8s.io/kubernetes/pkg/apis/core/install"
	eventsinstall "k8s.io/kubernetes/pkg/apis/events/install"
)

type testCase struct {
	Direction string          `json:"direction"`
	Name      string          `json:"name"`
	Input     json.RawMessage `json:"input"`
	Expected  json.RawMessage `json:"expected,omitempty"`
}

func main() {
	scheme := runtime.NewScheme()
	autoscalinginstall.Install(scheme)
	coreinstall.Install(scheme)
	eventsinstall.Install(scheme)

	data, err := io.ReadAll(os.Stdin)
	check(err)
	var cases []testCase
	check(json.Unmarshal(data, &cases))
	for i := range cases {
		var in, internal, out runtime.Object
		switch cases[i].Direction {
		case "hpa-v2-to-v1":
			in, internal, out = &autoscalingv2.HorizontalPodAutoscaler{}, &autoscaling.HorizontalPodAutoscaler{}, &autoscalingv1.HorizontalPodAutoscaler{}
		case "hpa-v1-to-v2":
			in, internal, out = &autoscalingv1.HorizontalPodAutoscaler{}, &autoscaling.HorizontalPodAutoscaler{}, &autoscalingv2.HorizontalPodAutoscaler{}
		case "event-core-to-events":
			in, internal, out = &corev1.Event{}, &core.Event{}, &eventsv1.Event{}
		case "event-events-to-core":
			in, internal, out = &eventsv1.Event{}, &core.Event{}, &corev1.Event{}
		default:
			panic("unknown direction " + cases[i].Direction)
		}
		check(json.Unmarshal(cases[i].Input, in))
		check(scheme.Convert(in, internal, nil))
		check(scheme.Convert(internal, out, nil))
		gvks, _, err := scheme.ObjectKinds(out)
		check(err)
		out.GetObjectKind().SetGroupVersionKind(gvks[0])
		cases[i].Expected, err = json.Marshal(out)
		check(err)
	}
	result, err := json.MarshalIndent(cases, "", "  ")
	check(err)
	_, err = os.Stdout.Write(append(result, '\n'))
	check(err)
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}
